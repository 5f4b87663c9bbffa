/**
 * The stamps many entities end with: when the row was created and last changed, and its optimistic-lock version, with
 * their descriptions in the API. An entity extends `Stamped(...)` instead of repeating the three columns; the columns and
 * fields are the same as written out (TypeORM and type-graphql both read them from the base class).
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { CreatedAtColumn, RowVersionColumn, UpdatedAtColumn } from './columns';

export interface StampDescriptions {
  createdAt: string;
  updatedAt: string;
  /** The version's description in the API; without one the version is a column only, not a field. */
  version?: string;
}

export function Stamped(d: StampDescriptions) {
  const versionField: PropertyDecorator = d.version ? Field(() => Int, { description: d.version }) : () => undefined;
  @ObjectType() // not in the schema (no type refers to it): only the types that extend it are; type-graphql 2.0 has no isAbstract option
  abstract class StampedRow {
    @Field({ description: d.createdAt })
    @CreatedAtColumn()
    createdAt!: Date;

    @Field({ description: d.updatedAt })
    @UpdatedAtColumn()
    updatedAt!: Date;

    @versionField
    @RowVersionColumn()
    version!: number;
  }
  return StampedRow;
}

/** A record of the workflow (留言, 交办单, 答复). */
export const RECORD_STAMPS = { createdAt: 'When the record was created.', updatedAt: 'When the record last changed.', version: 'Optimistic-lock version.' };

/** A kept entry of a reference the staff maintain, its versions kept beside it (知识库, 派单目录). */
export const KeptEntry = Stamped({
  createdAt: 'When it was created.',
  updatedAt: 'When it last changed.',
  version: 'Optimistic-lock version: give it back as expectedVersion.',
});

/**
 * An entry of the organisation or of the access the administrators keep (单位, 领域, 领导, 账号, 第三方接入), named in
 * its stamps' descriptions ("When the unit was created."); its version is not shown in the API.
 */
export const entryStamps = (what: string): StampDescriptions => ({
  createdAt: `When the ${what} was created.`,
  updatedAt: `When the ${what} was last changed.`,
});

/** A setting the administrators keep (时限策略, 答复模板): its version is not shown in the API. */
export const SETTING_STAMPS = { createdAt: 'When created.', updatedAt: 'When last changed.' };
