/** The console: resources shown by role; zh-CN first. */
import type { ComponentType } from 'react';
import { Admin, Login, LoginForm, Resource, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import WhatshotIcon from '@mui/icons-material/Whatshot';
import { HotProblemsPage } from './resources/hot/HotProblemsPage';
import MailIcon from '@mui/icons-material/Mail';
import InboxIcon from '@mui/icons-material/Inbox';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import PeopleIcon from '@mui/icons-material/People';
import BadgeIcon from '@mui/icons-material/Badge';
import CategoryIcon from '@mui/icons-material/Category';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import { Dashboard } from './Dashboard';
import { MessageList } from './resources/messages/MessageList';
import { MessageShow } from './resources/messages/MessageShow';
import { MessageCreate } from './resources/messages/MessageCreate';
import { InboxList } from './resources/inbox/InboxList';
import { ReviewList } from './resources/reviews/ReviewList';
import { UnitCreate, UnitEdit, UnitList } from './resources/units/Units';
import { UserCreate, UserEdit, UserList } from './resources/users/Users';
import { LeaderCreate, LeaderEdit, LeaderList } from './resources/leaders/Leaders';
import { CategoryCreate, CategoryEdit, CategoryList } from './resources/categories/Categories';
import { StatisticsPage } from './resources/statistics/StatisticsPage';
import BarChartIcon from '@mui/icons-material/BarChart';
import TimerIcon from '@mui/icons-material/Timer';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import SettingsIcon from '@mui/icons-material/Settings';
import { SlaPolicyCreate, SlaPolicyEdit, SlaPolicyList } from './resources/sla/SlaPolicies';
import { HolidayCreate, HolidayEdit, HolidayList } from './resources/holidays/Holidays';
import { ApiClientCreate, ApiClientEdit, ApiClientList } from './resources/apiclients/ApiClients';
import { SettingsPage } from './resources/settings/SettingsPage';
import { Layout } from './Layout';
import PendingActionsIcon from '@mui/icons-material/PendingActions';
import GavelIcon from '@mui/icons-material/Gavel';
import MarkEmailUnreadIcon from '@mui/icons-material/MarkEmailUnread';
import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import SummarizeIcon from '@mui/icons-material/Summarize';
import { PendingRequestList } from './resources/requests/PendingRequests';
import { SupervisionList } from './resources/supervisions/SupervisionList';
import { AddressedList } from './resources/addressed/AddressedList';
import { RankingPage } from './resources/ranking/RankingPage';
import { MonthlyReportPage } from './resources/reports/MonthlyReportPage';
import { PrintView } from './resources/messages/PrintView';
import ShortTextIcon from '@mui/icons-material/ShortText';
import { ReplyTemplateCreate, ReplyTemplateEdit, ReplyTemplateList } from './resources/templates/ReplyTemplates';
import { darkTheme, lightTheme } from './theme';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import { CatalogueCreate, CatalogueEdit, CatalogueList, CatalogueShow } from './resources/catalogue/Catalogue';
import { KnowledgeList, KNOWLEDGE_WRITERS } from './resources/knowledge/KnowledgeList';
import { KnowledgeShow } from './resources/knowledge/KnowledgeShow';
import { KnowledgeCreate, KnowledgeEdit } from './resources/knowledge/KnowledgeForm';

const PLATFORM = ['PLATFORM_ADMIN', 'DISPATCHER'];
const UNIT = ['UNIT_HANDLER', 'UNIT_REVIEWER'];
const REVIEWERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'UNIT_REVIEWER'];
const USER_READERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR', 'UNIT_REVIEWER'];
/** Who may read SLA policies and the holiday overrides (the server's sla:read); only admins change them. */
const SLA_READERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'];
/** Who tracks supervision (督办跟踪): supervisors and the platform. */
const SUPERVISION_TRACKERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'];
/** Who keeps reply templates (常用语): unit reviewers for their unit, administrators for any. */
const TEMPLATE_KEEPERS = ['PLATFORM_ADMIN', 'UNIT_REVIEWER'];

const ADMIN = ['PLATFORM_ADMIN'];

/**
 * A resource of the console: its pages and menu icon; `readers`, the roles that have it at all (everyone when absent);
 * `listReaders`, the roles that see its list (everyone who has it when absent: the others have the resource only for
 * references to it); `writers`, the roles that create and edit (everyone who has it when absent).
 */
interface ResourceSpec {
  name: string;
  recordRepresentation?: string;
  list?: ComponentType;
  show?: ComponentType;
  create?: ComponentType;
  edit?: ComponentType;
  icon?: ComponentType;
  readers?: string[];
  listReaders?: string[];
  writers?: string[];
}

/** The resources in menu order. */
const RESOURCES: ResourceSpec[] = [
  { name: 'messages', recordRepresentation: 'serialNo', list: MessageList, show: MessageShow, create: MessageCreate, writers: PLATFORM, icon: MailIcon },
  { name: 'addressed', list: AddressedList, icon: MarkEmailUnreadIcon, readers: ['LEADER'] },
  { name: 'inbox', list: InboxList, icon: InboxIcon, readers: UNIT },
  { name: 'pending-requests', list: PendingRequestList, icon: PendingActionsIcon, readers: PLATFORM },
  { name: 'supervisions', list: SupervisionList, icon: GavelIcon, readers: SUPERVISION_TRACKERS },
  { name: 'ranking', list: RankingPage, icon: LeaderboardIcon },
  { name: 'monthly-report', list: MonthlyReportPage, icon: SummarizeIcon },
  { name: 'hot-problems', list: HotProblemsPage, icon: WhatshotIcon },
  { name: 'message-print', show: PrintView },
  { name: 'reviews', list: ReviewList, icon: FactCheckIcon, readers: REVIEWERS },
  {
    name: 'reply-templates',
    recordRepresentation: 'title',
    list: ReplyTemplateList,
    create: ReplyTemplateCreate,
    edit: ReplyTemplateEdit,
    icon: ShortTextIcon,
    readers: TEMPLATE_KEEPERS,
  },
  {
    name: 'knowledge',
    recordRepresentation: 'title',
    list: KnowledgeList,
    show: KnowledgeShow,
    create: KnowledgeCreate,
    edit: KnowledgeEdit,
    icon: MenuBookIcon,
    writers: KNOWLEDGE_WRITERS,
  },
  { name: 'statistics', list: StatisticsPage, icon: BarChartIcon },
  {
    name: 'units',
    recordRepresentation: 'name',
    list: UnitList,
    create: UnitCreate,
    edit: UnitEdit,
    icon: AccountTreeIcon,
    listReaders: ADMIN,
    writers: ADMIN,
  },
  {
    name: 'users',
    recordRepresentation: 'displayName',
    list: UserList,
    create: UserCreate,
    edit: UserEdit,
    icon: PeopleIcon,
    readers: USER_READERS,
    writers: ADMIN,
  },
  {
    name: 'leaders',
    recordRepresentation: 'name',
    list: LeaderList,
    create: LeaderCreate,
    edit: LeaderEdit,
    icon: BadgeIcon,
    listReaders: ADMIN,
    writers: ADMIN,
  },
  {
    name: 'categories',
    recordRepresentation: 'name',
    list: CategoryList,
    create: CategoryCreate,
    edit: CategoryEdit,
    icon: CategoryIcon,
    listReaders: ADMIN,
    writers: ADMIN,
  },
  {
    name: 'dispatch-catalogue',
    recordRepresentation: 'matter',
    list: CatalogueList,
    show: CatalogueShow,
    create: CatalogueCreate,
    edit: CatalogueEdit,
    icon: AltRouteIcon,
    readers: SLA_READERS,
    writers: ADMIN,
  },
  {
    name: 'sla-policies',
    recordRepresentation: 'name',
    list: SlaPolicyList,
    create: SlaPolicyCreate,
    edit: SlaPolicyEdit,
    icon: TimerIcon,
    readers: SLA_READERS,
    writers: ADMIN,
  },
  {
    name: 'holidays',
    recordRepresentation: 'date',
    list: HolidayList,
    create: HolidayCreate,
    edit: HolidayEdit,
    icon: CalendarMonthIcon,
    readers: SLA_READERS,
    writers: ADMIN,
  },
  { name: 'api-clients', recordRepresentation: 'name', list: ApiClientList, create: ApiClientCreate, edit: ApiClientEdit, icon: VpnKeyIcon, readers: ADMIN },
  { name: 'settings', list: SettingsPage, icon: SettingsIcon, readers: ADMIN },
];

/** `roles` includes the role, or there is no such rule. */
const allows = (roles: string[] | undefined, role: string) => !roles || roles.includes(role);

/** The login page: react-admin's form under the platform's name as the page's h1. */
function LoginPage() {
  const t = useTranslate();
  return (
    <Login>
      <Typography component="h1" variant="h6" sx={{ textAlign: 'center', mt: 1 }}>
        {t('wz.title')}
      </Typography>
      <LoginForm />
    </Login>
  );
}

export function App() {
  return (
    <Admin
      title="网络问政办理平台"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={Layout}
      loginPage={LoginPage}
      lightTheme={lightTheme}
      darkTheme={darkTheme}
      requireAuth
      disableTelemetry
    >
      {(role: string) =>
        RESOURCES.filter((r) => allows(r.readers, role)).map((r) => (
          <Resource
            key={r.name}
            name={r.name}
            recordRepresentation={r.recordRepresentation}
            list={allows(r.listReaders, role) ? r.list : undefined}
            show={r.show}
            create={allows(r.writers, role) ? r.create : undefined}
            edit={allows(r.writers, role) ? r.edit : undefined}
            icon={r.icon}
          />
        ))
      }
    </Admin>
  );
}
