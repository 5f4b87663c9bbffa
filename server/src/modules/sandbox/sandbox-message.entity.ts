import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, EnumColumn, JsonColumn, RowVersionColumn } from '../../db/columns';
import { MessageType, SatisfactionBand } from '../message/message.enums';

/** What the simulated platform does with a sandbox message, chosen by its title (docs/public-api.md, "Sandbox"). */
export enum SandboxScenario {
  ANSWER = 'ANSWER',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  MERGED = 'MERGED',
}

/** A citizen's action on a sandbox message, kept in order: the rest of its history follows from the clock. */
export type SandboxAction =
  | { kind: 'RATED'; at: string; resolution: number; attitude: number; speed: number; overall: number; band: SatisfactionBand; comment: string | null }
  | { kind: 'REOPENED'; at: string; reason: string };

/**
 * A message submitted with a sandbox key (沙箱留言). It lives apart from real messages, in its own table, so that no
 * staff list, inbox, statistic, export, event or job can ever meet it; only the sandbox key that submitted it reaches
 * it, through the citizen operations. It keeps no private data: the name is stored masked, the phone not at all.
 */
@Entity('sandbox_message')
@Index('uq_sandbox_message_serial', ['serialNo'], { unique: true })
@Index('uq_sandbox_message_external', ['apiClientId', 'externalId'], { unique: true })
export class SandboxMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  apiClientId!: number;

  @Column({ type: 'varchar', length: 100 })
  externalId!: string;

  @Column({ type: 'varchar', length: 64 })
  submissionHash!: string;

  @Column({ type: 'varchar', length: 20 })
  serialNo!: string;

  @Column({ type: 'varchar', length: 64 })
  queryCodeHash!: string;

  @EnumColumn(16)
  type!: MessageType;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  content!: string;

  /** The author's name as its author sees it (masked). */
  @Column({ type: 'varchar', length: 50 })
  authorName!: string;

  @Column({ type: 'integer', nullable: true })
  categoryId!: number | null;

  @Column({ type: 'integer', nullable: true })
  regionUnitId!: number | null;

  @Column({ type: 'integer', nullable: true })
  addressedLeaderId!: number | null;

  @EnumColumn(16)
  scenario!: SandboxScenario;

  @Column({ type: 'varchar', length: 20, nullable: true })
  mergedIntoSerialNo!: string | null;

  @JsonColumn()
  actions!: SandboxAction[];

  @DateTimeColumn()
  submittedAt!: Date;

  @CreatedAtColumn()
  createdAt!: Date;

  @RowVersionColumn()
  version!: number;
}
