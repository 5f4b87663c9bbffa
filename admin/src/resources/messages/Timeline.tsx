/**
 * The ledger (台账) of a message: when, what, who acted (name and unit) and what they wrote (reason, note,
 * comment, the days asked for, the units assigned, where it was merged), and the state it led to.
 */
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import { fmt, UserText } from '../../components/common';

type Ev = {
  id: string;
  action: string;
  toState?: string | null;
  actorKind: string;
  actorName?: string | null;
  actorUnit?: { name: string } | null;
  createdAt: string;
  payload?: unknown;
};

/** The ledger's details the console words (a JSON object; which fields an entry has depends on its action). */
export interface LedgerPayload {
  reason?: string;
  note?: string;
  comment?: string;
  content?: string;
  response?: string;
  method?: string;
  level?: string;
  days?: number;
  leadUnitName?: string;
  assistUnitNames?: string[];
  toUnitName?: string;
  intoSerialNo?: string;
  // 相似件归并: GROUPED / UNGROUPED, and an ASSIGNED made with a group
  leadSerialNo?: string;
  isLead?: boolean;
  wasLead?: boolean;
  why?: string;
  group?: { lead: boolean; members?: string[]; leadSerialNo?: string };
  // on a group's lead: GROUP_MEMBER_ADDED / GROUP_MEMBER_REMOVED
  memberSerialNo?: string;
}
/** An entry's details (an empty object when it has none). */
export const payloadOf = (ev: { payload?: unknown }): LedgerPayload => (ev.payload && typeof ev.payload === 'object' ? (ev.payload as LedgerPayload) : {});

/** What an entry's details say, in words: the facts (days, units, levels) and what people wrote. */
function Detail({ ev }: { ev: Ev }) {
  const t = useTranslate();
  const p = payloadOf(ev);
  const facts: string[] = [];
  if (ev.action === 'MARKED_INVALID' && p.reason) facts.push(t(`wz.enums.InvalidReason.${p.reason}`, { _: '' }));
  if (p.days) facts.push(t('wz.show.workingDays', { n: p.days }));
  if (p.leadUnitName) facts.push(`${t('wz.fields.leadUnit')}：${p.leadUnitName}`);
  if (p.assistUnitNames?.length) facts.push(`${t('wz.fields.assistUnits')}：${p.assistUnitNames.join('、')}`);
  if (p.toUnitName) facts.push(`${t('wz.show.to')}：${p.toUnitName}`);
  if (p.intoSerialNo) facts.push(`${t('wz.show.mergedInto')} ${p.intoSerialNo}`);
  if (p.level) facts.push(t(`wz.show.level.${p.level}`, { _: '' }));
  // 相似件归并 (Grouping.tsx): the lead of the group, why it was left, an assignment made with the group
  if (['GROUPED', 'UNGROUPED'].includes(ev.action) && p.leadSerialNo)
    facts.push(p.isLead || p.wasLead ? t('wz.grouping.ledgerAsLead') : t('wz.grouping.ledgerLeadIs', { serial: p.leadSerialNo }));
  if (ev.action === 'UNGROUPED' && p.why) facts.push(t(`wz.grouping.why.${p.why}`, { _: '' }));
  if (['GROUP_MEMBER_ADDED', 'GROUP_MEMBER_REMOVED'].includes(ev.action) && p.memberSerialNo)
    facts.push(t('wz.grouping.ledgerMember', { serial: p.memberSerialNo }));
  if (ev.action === 'ASSIGNED' && p.group)
    facts.push(
      p.group.lead ? t('wz.grouping.assignedAsLead', { n: p.group.members?.length ?? 0 }) : t('wz.grouping.assignedWithLead', { serial: p.group.leadSerialNo }),
    );
  if (ev.action === 'CITIZEN_CONTACTED' && p.method) facts.push(`${t('wz.fields.contactMethod')}：${p.method}`);
  // What people wrote: a reason (except an invalid reason's code), a note, a comment, a response.
  const written = [ev.action === 'MARKED_INVALID' ? null : p.reason, p.note, p.comment, p.content, p.response].filter((x) => typeof x === 'string' && x.trim());
  return (
    <>
      {facts.filter(Boolean).join(' · ')}
      {written.length ? (
        <>
          {facts.length ? ' · ' : ''}
          <UserText>{written.join(' / ')}</UserText>
        </>
      ) : null}
    </>
  );
}

export function Timeline({ events }: { events: Ev[] }) {
  const t = useTranslate();
  const stateWord = (s: string) => t(`wz.enums.MessageState.${s}`, { _: t(`wz.enums.AssignmentState.${s}`, { _: t(`wz.enums.ReplyState.${s}`, { _: '' }) }) });
  const who = (ev: Ev) => ev.actorName ?? t(`wz.show.actorKind.${ev.actorKind}`, { _: '' });
  return (
    <Table size="small" data-testid="timeline">
      <TableHead>
        <TableRow>
          <TableCell>{t('wz.show.col.time')}</TableCell>
          <TableCell>{t('wz.show.col.action')}</TableCell>
          <TableCell>{t('wz.show.col.actor')}</TableCell>
          <TableCell>{t('wz.show.col.detail')}</TableCell>
          <TableCell>{t('wz.show.col.state')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map((ev) => (
          <TableRow key={ev.id} data-action={ev.action}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{fmt(ev.createdAt)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`wz.ledger.${ev.action}`, { _: t('wz.show.otherAction') })}</TableCell>
            <TableCell data-col="actor">
              <UserText>{who(ev)}</UserText>
              {ev.actorUnit ? <>（{ev.actorUnit.name}）</> : null}
            </TableCell>
            <TableCell data-col="detail">
              <Detail ev={ev} />
            </TableCell>
            <TableCell>{ev.toState ? stateWord(ev.toState) : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
