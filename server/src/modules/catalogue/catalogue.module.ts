/** The dispatch catalogue (派单目录) (docs/knowledge.md; docs/domain.md, "Adding a module"). */
import DataLoader from 'dataloader';
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import { CATALOGUE_ENTITIES, DispatchCatalogueEntry } from './catalogue.entities';
import { CatalogueGapsResolver } from './catalogue.gaps';
import { CatalogueResolver, CatalogueVersionResolver } from './catalogue.resolver';
import { CatalogueService } from './catalogue.service';
import { rowsWhereIn } from '../../db/rows';

export const catalogueModule = defineModule({
  name: 'catalogue',
  entities: CATALOGUE_ENTITIES,
  resolvers: [CatalogueResolver, CatalogueVersionResolver, CatalogueGapsResolver],
  loaders: (ds) => ({
    /** The dispatch catalogue's active entries, read once per request (key: always 0). */
    catalogueEntries: new DataLoader<0, DispatchCatalogueEntry[]>(async (keys) => {
      // the same rows as activeCatalogueEntries, read by db/rows.ts (its text built once, no query builder; issue 19)
      const rows = (await rowsWhereIn(ds, DispatchCatalogueEntry, 'isActive', [1])).map((r) => r.row);
      return keys.map(() => rows);
    }),
  }),
  // lead-unit suggestions follow the catalogue, and a unit it names for a matter does not object (派单异议)
  services: ({ ds, workflow }: ModuleKernel & { workflow: Workflow }) => ({ catalogue: new CatalogueService(ds, workflow) }),
});
