/** The per-request DataLoaders of the reply checks (答复质量): a page of replies reads their inputs in three statements. */
import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { byIdLoader } from '../../graphql/loaders';
import { AnalysisDoc, AnalysisReplyTemplate, AnalysisTerm } from './analysis.entities';

export function analysisLoaders(ds: DataSource) {
  return {
    /** The analysis document (term vector) of each message, null when it is not indexed yet. */
    analysisDocByMessage: new DataLoader<number, AnalysisDoc | null>(
      async (ids) => {
        const rows = await ds.getRepository(AnalysisDoc).findBy({ messageId: In([...new Set(ids)]) });
        const map = new Map(rows.map((r) => [r.messageId, r]));
        return ids.map((id) => map.get(id) ?? null);
      },
      { maxBatchSize: 1000 },
    ),
    /** Terms of the index by id. */
    analysisTerm: byIdLoader(ds, AnalysisTerm),
    /** How many replies used each template (by the hash of its normalised text); 0 for a text never seen. */
    replyTemplateUses: new DataLoader<string, number>(
      async (hashes) => {
        const rows = await ds.getRepository(AnalysisReplyTemplate).findBy({ hash: In([...new Set(hashes)]) });
        const map = new Map(rows.map((r) => [r.hash, r.uses]));
        return hashes.map((h) => map.get(h) ?? 0);
      },
      { maxBatchSize: 1000 },
    ),
  };
}
