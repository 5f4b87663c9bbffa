/** The console: resources shown by role; zh-CN first. */
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
      {(role: string) => [
        <Resource
          key="messages"
          name="messages"
          recordRepresentation="serialNo"
          list={MessageList}
          show={MessageShow}
          create={PLATFORM.includes(role) ? MessageCreate : undefined}
          icon={MailIcon}
        />,
        role === 'LEADER' ? <Resource key="addressed" name="addressed" list={AddressedList} icon={MarkEmailUnreadIcon} /> : null,
        UNIT.includes(role) ? <Resource key="inbox" name="inbox" list={InboxList} icon={InboxIcon} /> : null,
        PLATFORM.includes(role) ? <Resource key="pending-requests" name="pending-requests" list={PendingRequestList} icon={PendingActionsIcon} /> : null,
        SUPERVISION_TRACKERS.includes(role) ? <Resource key="supervisions" name="supervisions" list={SupervisionList} icon={GavelIcon} /> : null,
        <Resource key="ranking" name="ranking" list={RankingPage} icon={LeaderboardIcon} />,
        <Resource key="monthly-report" name="monthly-report" list={MonthlyReportPage} icon={SummarizeIcon} />,
        <Resource key="hot-problems" name="hot-problems" list={HotProblemsPage} icon={WhatshotIcon} />,
        <Resource key="message-print" name="message-print" show={PrintView} />,
        REVIEWERS.includes(role) ? <Resource key="reviews" name="reviews" list={ReviewList} icon={FactCheckIcon} /> : null,
        TEMPLATE_KEEPERS.includes(role) ? (
          <Resource
            key="reply-templates"
            name="reply-templates"
            recordRepresentation="title"
            list={ReplyTemplateList}
            create={ReplyTemplateCreate}
            edit={ReplyTemplateEdit}
            icon={ShortTextIcon}
          />
        ) : null,
        <Resource
          key="knowledge"
          name="knowledge"
          recordRepresentation="title"
          list={KnowledgeList}
          show={KnowledgeShow}
          create={KNOWLEDGE_WRITERS.includes(role) ? KnowledgeCreate : undefined}
          edit={KNOWLEDGE_WRITERS.includes(role) ? KnowledgeEdit : undefined}
          icon={MenuBookIcon}
        />,
        <Resource key="statistics" name="statistics" list={StatisticsPage} icon={BarChartIcon} />,
        <Resource
          key="units"
          name="units"
          recordRepresentation="name"
          list={role === 'PLATFORM_ADMIN' ? UnitList : undefined}
          create={role === 'PLATFORM_ADMIN' ? UnitCreate : undefined}
          edit={role === 'PLATFORM_ADMIN' ? UnitEdit : undefined}
          icon={AccountTreeIcon}
        />,
        USER_READERS.includes(role) ? (
          <Resource
            key="users"
            name="users"
            recordRepresentation="displayName"
            list={UserList}
            create={role === 'PLATFORM_ADMIN' ? UserCreate : undefined}
            edit={role === 'PLATFORM_ADMIN' ? UserEdit : undefined}
            icon={PeopleIcon}
          />
        ) : null,
        <Resource
          key="leaders"
          name="leaders"
          recordRepresentation="name"
          list={role === 'PLATFORM_ADMIN' ? LeaderList : undefined}
          create={role === 'PLATFORM_ADMIN' ? LeaderCreate : undefined}
          edit={role === 'PLATFORM_ADMIN' ? LeaderEdit : undefined}
          icon={BadgeIcon}
        />,
        <Resource
          key="categories"
          name="categories"
          recordRepresentation="name"
          list={role === 'PLATFORM_ADMIN' ? CategoryList : undefined}
          create={role === 'PLATFORM_ADMIN' ? CategoryCreate : undefined}
          edit={role === 'PLATFORM_ADMIN' ? CategoryEdit : undefined}
          icon={CategoryIcon}
        />,
        SLA_READERS.includes(role) ? (
          <Resource
            key="dispatch-catalogue"
            name="dispatch-catalogue"
            recordRepresentation="matter"
            list={CatalogueList}
            show={CatalogueShow}
            create={role === 'PLATFORM_ADMIN' ? CatalogueCreate : undefined}
            edit={role === 'PLATFORM_ADMIN' ? CatalogueEdit : undefined}
            icon={AltRouteIcon}
          />
        ) : null,
        SLA_READERS.includes(role) ? (
          <Resource
            key="sla-policies"
            name="sla-policies"
            recordRepresentation="name"
            list={SlaPolicyList}
            create={role === 'PLATFORM_ADMIN' ? SlaPolicyCreate : undefined}
            edit={role === 'PLATFORM_ADMIN' ? SlaPolicyEdit : undefined}
            icon={TimerIcon}
          />
        ) : null,
        SLA_READERS.includes(role) ? (
          <Resource
            key="holidays"
            name="holidays"
            recordRepresentation="date"
            list={HolidayList}
            create={role === 'PLATFORM_ADMIN' ? HolidayCreate : undefined}
            edit={role === 'PLATFORM_ADMIN' ? HolidayEdit : undefined}
            icon={CalendarMonthIcon}
          />
        ) : null,
        role === 'PLATFORM_ADMIN' ? (
          <Resource
            key="api-clients"
            name="api-clients"
            recordRepresentation="name"
            list={ApiClientList}
            create={ApiClientCreate}
            edit={ApiClientEdit}
            icon={VpnKeyIcon}
          />
        ) : null,
        role === 'PLATFORM_ADMIN' ? <Resource key="settings" name="settings" list={SettingsPage} icon={SettingsIcon} /> : null,
      ]}
    </Admin>
  );
}
