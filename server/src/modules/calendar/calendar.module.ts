/** The working calendar (工作日历): a library of the deadline rules, with no tables, schema or services of its own. */
import { defineModule } from '../module';

export const calendarModule = defineModule({ name: 'calendar' });
