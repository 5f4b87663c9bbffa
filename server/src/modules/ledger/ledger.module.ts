/** The workflow runner and the ledger (台账) of every message (docs/domain.md, "Adding a module"). */
import { byIdLoader } from '../../graphql/loaders';
import { defineModule, type ModuleKernel } from '../module';
import { Workflow } from './ledger';
import { LedgerResolver } from './ledger.resolver';
import { MessageEvent } from './message-event.entity';

export const ledgerModule = defineModule({
  name: 'ledger',
  entities: [MessageEvent],
  resolvers: [LedgerResolver],
  loaders: (ds) => ({ event: byIdLoader(ds, MessageEvent) }),
  services: ({ ds, bus }: ModuleKernel) => ({ workflow: new Workflow(ds, bus) }),
});
