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

const PLATFORM = ['PLATFORM_ADMIN', 'DISPATCHER'];
const UNIT = ['UNIT_HANDLER', 'UNIT_REVIEWER'];
const REVIEWERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'UNIT_REVIEWER'];
const USER_READERS = ['PLATFORM_ADMIN', 'DISPATCHER', 'SUPERVISOR', 'UNIT_REVIEWER'];

export function App() {
  return (
    <Admin title="网络问政办理平台" dataProvider={dataProvider} authProvider={authProvider} i18nProvider={i18nProvider} dashboard={Dashboard} requireAuth disableTelemetry>
      {(role: string) => [
        <Resource key="messages" name="messages" list={MessageList} show={MessageShow} create={PLATFORM.includes(role) ? MessageCreate : undefined} icon={MailIcon} />,
        UNIT.includes(role) ? <Resource key="inbox" name="inbox" list={InboxList} icon={InboxIcon} /> : null,
        REVIEWERS.includes(role) ? <Resource key="reviews" name="reviews" list={ReviewList} icon={FactCheckIcon} /> : null,
        <Resource key="statistics" name="statistics" list={StatisticsPage} icon={BarChartIcon} />,
        <Resource key="units" name="units" list={role === 'PLATFORM_ADMIN' ? UnitList : undefined} create={role === 'PLATFORM_ADMIN' ? UnitCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? UnitEdit : undefined} icon={AccountTreeIcon} />,
        USER_READERS.includes(role) ? <Resource key="users" name="users" list={UserList} create={role === 'PLATFORM_ADMIN' ? UserCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? UserEdit : undefined} icon={PeopleIcon} /> : null,
        <Resource key="leaders" name="leaders" list={role === 'PLATFORM_ADMIN' ? LeaderList : undefined} create={role === 'PLATFORM_ADMIN' ? LeaderCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? LeaderEdit : undefined} icon={BadgeIcon} />,
        <Resource key="categories" name="categories" list={role === 'PLATFORM_ADMIN' ? CategoryList : undefined} create={role === 'PLATFORM_ADMIN' ? CategoryCreate : undefined} edit={role === 'PLATFORM_ADMIN' ? CategoryEdit : undefined} icon={CategoryIcon} />,
      ]}
    </Admin>
  );
}
