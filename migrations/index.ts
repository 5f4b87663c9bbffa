/**
 * The ordered list of migrations. Add a new file as `<timestamp>-<Name>.ts` and list it here;
 * each one runs unchanged on MySQL 8, MariaDB 10.11 and SQLite (see ./_portable.ts).
 */
import { Organisation1763900000001 } from './1763900000001-Organisation';
import { Deadlines1763900000002 } from './1763900000002-Deadlines';
import { Messages1763900000003 } from './1763900000003-Messages';
import { StatisticsIndexes1763900000004 } from './1763900000004-StatisticsIndexes';
import { StatisticsFacts1763900000005 } from './1763900000005-StatisticsFacts';
import { ApiClients1763900000006 } from './1763900000006-ApiClients';

export const MIGRATIONS = [Organisation1763900000001, Deadlines1763900000002, Messages1763900000003, StatisticsIndexes1763900000004, StatisticsFacts1763900000005, ApiClients1763900000006];
