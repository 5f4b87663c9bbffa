import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../db/columns';

/**
 * A file staff uploaded for a message (an attachment of a reply, a scanned letter): the bytes live under
 * DATA_DIR/attachments/<token>; this row says whose message it belongs to, what it is and who uploaded it.
 * The token is random and is the file's address (/attachments/<token>); the address alone opens nothing.
 */
@Entity('stored_file')
@Index('uq_stored_file_token', ['token'], { unique: true })
@Index('ix_stored_file_message', ['messageId'])
export class StoredFile {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  token!: string;

  @Column({ type: 'integer' })
  messageId!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'integer' })
  uploadedById!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
