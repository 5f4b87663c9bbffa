/** Tables of the analysis (migration Analysis1763900000030): the term index, per-message documents, the category model, reply templates. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../../db/columns';

/** A term of the index and the number of indexed messages it is salient in (document frequency). */
@Entity('analysis_term')
@Index('uq_analysis_term', ['term'], { unique: true })
export class AnalysisTerm {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 48 })
  term!: string;

  /** TermKind: 0 word, 1 place, 2 named place or thing, 3 organisation. */
  @Column({ type: 'int', default: 0 })
  kind!: number;

  @Column({ type: 'int', default: 0 })
  df!: number;
}

/** One indexed message: its vector of top terms, its cluster (一事多诉 group) and the columns hot problems filter on. */
@Entity('analysis_doc')
// covering for hot problems' grouping of a period (migration HotProblemsCovering1763900000600)
@Index('ix_analysis_doc_period', ['submittedAt', 'clusterId', 'state', 'citizenKey', 'likes'])
@Index('ix_analysis_doc_cluster', ['clusterId', 'submittedAt'])
export class AnalysisDoc {
  @PrimaryColumn({ type: 'int' })
  messageId!: number;

  @DateTimeColumn()
  submittedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: 'int', nullable: true })
  regionUnitId!: number | null;

  @Column({ type: 'int', nullable: true })
  leadUnitId!: number | null;

  @Column({ type: 'int', nullable: true })
  categoryId!: number | null;

  /** The category whose counts this message is in (the category model), or null. */
  @Column({ type: 'int', nullable: true })
  trainedCategoryId!: number | null;

  /** Who wrote it, as a one-way key (phone, ID number, or name on the channel); for counting distinct citizens. */
  @Column({ type: 'varchar', length: 64 })
  citizenKey!: string;

  @Column({ type: 'int', default: 0 })
  likes!: number;

  /** The message that started its cluster (a matter several messages are about); its own id when alone. */
  @Column({ type: 'int' })
  clusterId!: number;

  /** Its top terms: "termId:weight" pairs (weights × 1000, L2-normalised), highest first. */
  @Column({ type: 'text' })
  vector!: string;

  @Column({ type: 'int', default: 0 })
  messageVersion!: number;

  @DateTimeColumn()
  indexedAt!: Date;
}

/** The inverted index: a message under each of its most salient terms. */
@Entity('analysis_posting')
@Index('ix_analysis_posting_window', ['termId', 'submittedAt', 'messageId', 'weight'])
export class AnalysisPosting {
  @PrimaryColumn({ type: 'int' })
  termId!: number;

  @PrimaryColumn({ type: 'int' })
  messageId!: number;

  @DateTimeColumn()
  submittedAt!: Date;

  /** The term's weight in the message's vector × 1000. */
  @Column({ type: 'int' })
  weight!: number;
}

/** Complement naive Bayes counts: the weight of a hashed character bigram in a category's messages. */
@Entity('analysis_category_feature')
export class AnalysisCategoryFeature {
  @PrimaryColumn({ type: 'int' })
  categoryId!: number;

  @PrimaryColumn({ type: 'int' })
  bucket!: number;

  @Column({ type: 'double' })
  weight!: number;
}

@Entity('analysis_category_total')
export class AnalysisCategoryTotal {
  @PrimaryColumn({ type: 'int' })
  categoryId!: number;

  @Column({ type: 'int', default: 0 })
  docs!: number;

  @Column({ type: 'double', default: 0 })
  total!: number;
}

/** A published reply, normalised (names, numbers and dates taken out), and how many replies had exactly this text. */
@Entity('analysis_reply_template')
export class AnalysisReplyTemplate {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'int', default: 0 })
  uses!: number;

  @Column({ type: 'varchar', length: 200 })
  sample!: string;
}

export const ANALYSIS_ENTITIES = [AnalysisTerm, AnalysisDoc, AnalysisPosting, AnalysisCategoryFeature, AnalysisCategoryTotal, AnalysisReplyTemplate];
