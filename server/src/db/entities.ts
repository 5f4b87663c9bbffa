/** Every TypeORM entity, registered once. A module adds its entities here. */
import { Category } from '../modules/category/category.entity';
import { Leader } from '../modules/leader/leader.entity';
import { Unit } from '../modules/unit/unit.entity';
import { User, UserSession } from '../modules/user/user.entity';

export const ENTITIES = [Unit, Leader, Category, User, UserSession];
