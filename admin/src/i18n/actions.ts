/**
 * The console's `wz.actions`: the words of the actions on a message, an assignment and a reply, from the server's labels
 * (schema/labels.json, generated into ../generated/labels.ts). One flat table by value, as buttons, blocked actions and
 * errors (`params.action`) name an action by its value alone; the knowledge base's actions, whose EDIT and SUBMIT say
 * other words than a reply's, are `wz.kb.act` (knowledge.ts).
 */
import { ENUM_LABELS, type Lang } from '../generated/labels';
import type { AssignmentAction, MessageAction, ReplyAction } from '../generated/graphql';

/** Fails to compile when two of these enumerations share a value, whose words would then be one table's key twice. */
type Shared = (MessageAction & AssignmentAction) | (MessageAction & ReplyAction) | (AssignmentAction & ReplyAction);
const noSharedValue: [Shared] extends [never] ? true : never = true;
void noSharedValue;

/** The words of every action on a message, an assignment or a reply in one language, by value. */
export const actionWords = (lang: Lang): Record<MessageAction | AssignmentAction | ReplyAction, string> =>
  Object.fromEntries(
    [ENUM_LABELS.MessageAction, ENUM_LABELS.AssignmentAction, ENUM_LABELS.ReplyAction].flatMap((table) =>
      Object.entries(table).map(([value, words]) => [value, (words as { zh: string; en: string })[lang]]),
    ),
  ) as never;
