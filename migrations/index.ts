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
import { SubmissionOrigin1763900000007 } from './1763900000007-SubmissionOrigin';
import { ReplyWriters1763900000008 } from './1763900000008-ReplyWriters';
import { BackOffice1763900000020 } from './1763900000020-BackOffice';
import { ApiClientEndUserIp1763900000021 } from './1763900000021-ApiClientEndUserIp';
import { Analysis1763900000030 } from './1763900000030-Analysis';
import { ReplyTemplatesAndFiles1763900000031 } from './1763900000031-ReplyTemplatesAndFiles';
import { Sandbox1763900000040 } from './1763900000040-Sandbox';
import { EventAudience1763900000050 } from './1763900000050-EventAudience';
import { FairStatistics1763900000051 } from './1763900000051-FairStatistics';
import { Knowledge1763900000070 } from './1763900000070-Knowledge';
import { MessageSearch1763900000200 } from './1763900000200-MessageSearch';
import { MessageSearchTime1763900000210 } from './1763900000210-MessageSearchTime';
import { DispatchCatalogue1763900000300 } from './1763900000300-DispatchCatalogue';
import { MessageGroups1763900000400 } from './1763900000400-MessageGroups';
import { AssignmentObjections1763900000301 } from './1763900000301-AssignmentObjections';
import { DashboardIndexes1763900000500 } from './1763900000500-DashboardIndexes';
import { HotProblemsCovering1763900000600 } from './1763900000600-HotProblemsCovering';
import { AssignmentChildren1763900000610 } from './1763900000610-AssignmentChildren';

export const MIGRATIONS = [
  Organisation1763900000001,
  Deadlines1763900000002,
  Messages1763900000003,
  StatisticsIndexes1763900000004,
  StatisticsFacts1763900000005,
  ApiClients1763900000006,
  SubmissionOrigin1763900000007,
  ReplyWriters1763900000008,
  BackOffice1763900000020,
  ApiClientEndUserIp1763900000021,
  Analysis1763900000030,
  ReplyTemplatesAndFiles1763900000031,
  Sandbox1763900000040,
  EventAudience1763900000050,
  FairStatistics1763900000051,
  Knowledge1763900000070,
  MessageSearch1763900000200,
  MessageSearchTime1763900000210,
  DispatchCatalogue1763900000300,
  AssignmentObjections1763900000301,
  MessageGroups1763900000400,
  DashboardIndexes1763900000500,
  HotProblemsCovering1763900000600,
  AssignmentChildren1763900000610,
];
