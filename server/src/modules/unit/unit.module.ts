/** The organisation's units (单位) and their tree (docs/domain.md, "Adding a module"). */
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byIdLoader, countLoader } from '../../graphql/loaders';
import { defineModule, type ModuleKernel } from '../module';
import { Unit } from './unit.entity';
import { UnitResolver } from './unit.resolver';
import { UnitService } from './unit.service';

export const unitModule = defineModule({
  name: 'unit',
  entities: [Unit],
  resolvers: [UnitResolver],
  loaders: (ds) => ({
    unit: byIdLoader(ds, Unit),
    /** How many units sit directly below each unit (the tree draws no expand arrow on a leaf). */
    childCount: countLoader(ds, Unit, 'parentId'),
    /** The enabled units directly below each unit, in tree order (public unit pickers). */
    activeChildren: new DataLoader<number, Unit[]>(
      async (ids) => {
        const rows = await ds.getRepository(Unit).find({ where: { parentId: In([...new Set(ids)]), isActive: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
        return ids.map((id) => rows.filter((u) => u.parentId === id));
      },
      { maxBatchSize: 1000 },
    ),
  }),
  services: ({ ds }: ModuleKernel) => ({ units: new UnitService(ds) }),
});
