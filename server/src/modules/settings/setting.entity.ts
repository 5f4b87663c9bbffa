import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, RowVersionColumn } from '../../db/columns';

/** A run-time setting that admins change (系统设置): one JSON value per key. */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'integer', nullable: true })
  updatedById!: number | null;

  @DateTimeColumn({ nullable: true })
  updatedAt!: Date | null;

  @RowVersionColumn()
  version!: number;
}
