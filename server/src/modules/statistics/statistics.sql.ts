/**
 * The few SQL expressions statistics need that differ between MySQL/MariaDB and SQLite: the Asia/Shanghai
 * day, week (starting Monday) and month of a stored UTC instant. China has no daylight saving time, so
 * Shanghai local time is UTC + 8 hours all year (common/shanghai.ts).
 */
import type { DataSource } from 'typeorm';
import { SHANGHAI_UTC_OFFSET_HOURS as OFFSET, shanghaiDay } from '../../common/shanghai';
import { StatisticsBucket } from './statistics.types';

export type Dialect = 'mysql' | 'sqlite';

export const dialectOf = (ds: DataSource): Dialect => (ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? 'mysql' : 'sqlite');

/** SQL giving the first Shanghai day (YYYY-MM-DD) of the bucket holding the instant in `column`. */
export function bucketExpression(dialect: Dialect, column: string, bucket: StatisticsBucket): string {
  if (dialect === 'mysql') {
    const local = `DATE_ADD(${column}, INTERVAL ${OFFSET} HOUR)`;
    switch (bucket) {
      case StatisticsBucket.DAY:
        return `DATE_FORMAT(${local}, '%Y-%m-%d')`;
      case StatisticsBucket.WEEK:
        return `DATE_FORMAT(DATE_SUB(DATE(${local}), INTERVAL WEEKDAY(${local}) DAY), '%Y-%m-%d')`;
      case StatisticsBucket.MONTH:
        return `DATE_FORMAT(${local}, '%Y-%m-01')`;
    }
  }
  switch (bucket) {
    case StatisticsBucket.DAY:
      return `date(${column}, '+${OFFSET} hours')`;
    // the Monday on or before the day: go back 6 days, then forward to the next Monday
    case StatisticsBucket.WEEK:
      return `date(${column}, '+${OFFSET} hours', '-6 days', 'weekday 1')`;
    case StatisticsBucket.MONTH:
      return `strftime('%Y-%m-01', ${column}, '+${OFFSET} hours')`;
  }
}

export { shanghaiDay };
