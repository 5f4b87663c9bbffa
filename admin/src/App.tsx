/** The console: resources shown by role; zh-CN first. */
import { Admin, Resource } from 'react-admin';
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

const PLATFORM = ['PLATFORM_ADMIN', 'DISPATCHER'];
const UNIT = ['UNIT_HANDLER', 'UNIT_REVIEWER'];
const REVIEWERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'UNIT_REVIEWER'];
const USER_READERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR', 'UNIT_REVIEWER'];
/** Who may read SLA policies and the holiday overrides (the server's sla:read); only admins change them. */
const SLA_READERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR'];

export function App() {
  return (
    <Admin title="网络问政办理平台" dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} dashboard={Dashboard} layout={Layout} requireAuth disableTelemetry>
      {(role: string) => [
        <Resource key="messages" name="messages" list={MessageList} show={MessageShow} create={PLATFORM.includes(role) ? MessageCreate : undefined} icon={MailIcon} />,
        UNIT.includes(role) ? <Resource key="inbox" name="inbox" list={InboxList} icon={InboxIcon} /> : null,
        REVIEWERS.includes(role) ? <Resource key="reviews" name="reviews" list={ReviewList} icon={FactCheckIcon} /> : null,
        <Resource key="statistics" name="statistics" list={StatisticsPage} icon={BarChartIcon} />,
        <Resource key="units" name="units" list={role === 'PLATFORM_ADMIN' ? UnitList : undefined} create={role === 'PLATFORM_ADMIN' ? UnitCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? UnitEdit : undefined} icon={AccountTreeIcon} />,
        USER_READERS.includes(role) ? <Resource key="users" name="users" list={UserList} create={role === 'PLATFORM_ADMIN' ? UserCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? UserEdit : undefined} icon={PeopleIcon} /> : null,
        <Resource key="leaders" name="leaders" list={role === 'PLATFORM_ADMIN' ? LeaderList : undefined} create={role === 'PLATFORM_ADMIN' ? LeaderCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? LeaderEdit : undefined} icon={BadgeIcon} />,
        <Resource key="categories" name="categories" list={role === 'PLATFORM_ADMIN' ? CategoryList : undefined} create={role === 'PLATFORM_ADMIN' ? CategoryCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? CategoryEdit : undefined} icon={CategoryIcon} />,
        SLA_READERS.includes(role) ? <Resource key="sla-policies" name="sla-policies" recordRepresentation="name" list={SlaPolicyList} create={role === 'PLATFORM_ADMIN' ? SlaPolicyCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? SlaPolicyEdit : undefined} icon={TimerIcon} /> : null,
        SLA_READERS.includes(role) ? <Resource key="holidays" name="holidays" recordRepresentation="date" list={HolidayList} create={role === 'PLATFORM_ADMIN' ? HolidayCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? HolidayEdit : undefined} icon={CalendarMonthIcon} /> : null,
        role === 'PLATFORM_ADMIN' ? <Resource key="api-clients" name="api-clients" recordRepresentation="name" list={ApiClientList} create={ApiClientCreate} edit={ApiClientEdit} icon={VpnKeyIcon} /> : null,
        role === 'PLATFORM_ADMIN' ? <Resource key="settings" name="settings" list={SettingsPage} icon={SettingsIcon} /> : null,
      ]}
    </Admin>
  );
}
