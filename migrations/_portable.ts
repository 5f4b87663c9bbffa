/**
 * Helpers that keep migrations portable: the same migration file runs on MySQL 8, MariaDB 10.11 and
 * SQLite. Tables are declared with TypeORM's Table API (no raw dialect SQL), and the few things that
 * differ by dialect (timestamp defaults, character set) are decided here.
 */
import { QueryRunner, Table, TableColumnOptions, TableIndex, TableIndexOptions } from 'typeorm';

export const isMysql = (qr: QueryRunner) => qr.connection.options.type === 'mysql' || qr.connection.options.type === 'mariadb';

export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  int: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'int', ...opts }),
  bigint: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'bigint', ...opts }),
  str: (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    ...opts,
  }),
  text: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...opts }),
  bool: (name: string, dflt?: boolean, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'boolean',
    ...(dflt === undefined ? {} : { default: dflt ? 1 : 0 }),
    ...opts,
  }),
  datetime: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'datetime', precision: 3, ...opts }),
  version: (): TableColumnOptions => ({ name: 'version', type: 'int', default: 1 }),
};

/** createdAt / updatedAt with the database filling them in. */
export function timestamps(qr: QueryRunner): TableColumnOptions[] {
  const now = isMysql(qr) ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  return [
    { name: 'createdAt', type: 'datetime', precision: 3, default: now },
    { name: 'updatedAt', type: 'datetime', precision: 3, default: now, ...(isMysql(qr) ? { onUpdate: 'CURRENT_TIMESTAMP(3)' } : {}) },
  ];
}

export async function createTable(qr: QueryRunner, name: string, columns: TableColumnOptions[], indices: TableIndexOptions[] = []): Promise<void> {
  await qr.createTable(new Table({ name, columns, indices: indices.map((i) => new TableIndex(i)), ...(isMysql(qr) ? { engine: 'InnoDB' } : {}) }));
  if (isMysql(qr)) {
    await qr.query(`ALTER TABLE \`${name}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
}
