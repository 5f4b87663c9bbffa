/**
 * Replies quoting articles (引用知识): a draft, a direct answer or an edit names the articles it used; each must be
 * one the writer may find (else NOT_FOUND, as a missing one) and in force today (else BAD_USER_INPUT
 * ARTICLE_NOT_LIVE). The rows (`reply_article`, with the version quoted) are written in the reply's transaction.
 */
import type { EntityManager } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { parseId } from '../../common/text';
import { badInput, ErrorReason } from '../../graphql/errors';
import type { ReplyQuotes } from '../reply/reply.service';
import { KnowledgeArticleVersion, ReplyArticle } from './knowledge.entities';
import type { KnowledgeService } from './knowledge.service';

export class KnowledgeQuotes implements ReplyQuotes {
  constructor(private readonly knowledge: KnowledgeService) {}

  async record(em: EntityManager, viewer: StaffViewer, reply: { id: number; messageId: number }, rawIds: string[]): Promise<number[]> {
    const ids = [...new Set(rawIds.map((raw) => parseId('articleIds', raw)))];
    const quoted: Array<{ articleId: number; versionNo: number }> = [];
    for (const id of ids) {
      const view = await this.knowledge.get(viewer, id, em);
      const live = await this.knowledge.liveAmong([id], 'staff', null, null, em);
      if (!live.has(id) || !view.article.publishedVersionNo) {
        throw badInput('articleIds', `知识条目未生效，不能引用 (article ${id} is not in force)`, {
          reason: ErrorReason.ARTICLE_NOT_LIVE,
          params: { title: view.shown.title },
        });
      }
      quoted.push({ articleId: id, versionNo: view.article.publishedVersionNo });
    }
    await em.getRepository(ReplyArticle).delete({ replyId: reply.id });
    if (quoted.length) await em.getRepository(ReplyArticle).insert(quoted.map((q) => ({ ...q, replyId: reply.id, messageId: reply.messageId })));
    return ids;
  }

  /** The articles a reply quoted, as the versions quoted (title of that version). */
  async ofReply(em: EntityManager, replyId: number): Promise<Array<{ articleId: number; versionNo: number; title: string }>> {
    const rows = await em.getRepository(ReplyArticle).find({ where: { replyId }, order: { id: 'ASC' } });
    const out = [];
    for (const r of rows) {
      const v = await em.getRepository(KnowledgeArticleVersion).findOneBy({ articleId: r.articleId, versionNo: r.versionNo });
      out.push({ articleId: r.articleId, versionNo: r.versionNo, title: v?.title ?? '' });
    }
    return out;
  }
}
