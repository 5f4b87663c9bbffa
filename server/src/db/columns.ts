/** Column helpers shared by entities, so that every table uses the same portable types on MySQL and SQLite. */
import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A UTC instant with millisecond precision (DATETIME(3) on MySQL, TEXT on SQLite). */
export const DateTimeColumn = (opts: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...opts });
export const CreatedAtColumn = () => CreateDateColumn({ type: 'datetime', precision: 3 });
export const UpdatedAtColumn = () => UpdateDateColumn({ type: 'datetime', precision: 3 });
/** Optimistic-lock counter: every update checks and increments it (a loser gets CONFLICT). */
export const RowVersionColumn = () => VersionColumn({ type: 'int', default: 1 });
/** An enum stored as a short string: portable, and readable in SQL. */
export const EnumColumn = (length = 24, opts: ColumnOptions = {}) => Column({ type: 'varchar', length, ...opts });
/** JSON stored as text on both databases. */
export const JsonColumn = (opts: ColumnOptions = {}) => Column({ type: 'text', transformer: jsonTransformer, ...opts });

/** JSON text in a `text` column, read back as a value (also for raw rows read past the entity). */
export const jsonTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : JSON.parse(v)),
};

/**
 * A JSON list stored as text in a nullable column (attachments): an empty cell reads as an empty list, so rows
 * written by an import, a migration or an older version never reach the API as null where a list is promised.
 */
export const JsonListColumn = (opts: ColumnOptions = {}) =>
  Column({ type: 'text', nullable: true, transformer: { to: jsonTransformer.to, from: (v: string | null) => jsonTransformer.from(v) ?? [] }, ...opts });
