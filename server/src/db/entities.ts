/** Every TypeORM entity: read from the list of modules (server/src/modules/index.ts), where a module registers its tables. */
export { ENTITIES } from '../modules';
