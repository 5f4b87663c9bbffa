/** Messages (留言): intake, screening and their reading (docs/domain.md, "Adding a module"). */
import { byIdLoader } from '../../graphql/loaders';
import type { Workflow } from '../ledger/ledger';
import { defineModule, type ModuleKernel } from '../module';
import type { SearchService } from '../search/search.service';
import { Message } from './message.entity';
import { registerLedgerExport } from './message.export';
import { MessageResolver } from './message.resolver';
import { MessageService } from './message.service';

export const messageModule = defineModule({
  name: 'message',
  entities: [Message],
  resolvers: [MessageResolver],
  loaders: (ds) => ({ message: byIdLoader(ds, Message) }),
  services: ({ ds, config, workflow, search }: ModuleKernel & { workflow: Workflow; search: SearchService }) => ({
    messages: new MessageService(ds, config, workflow, search),
  }),
  routes: registerLedgerExport,
});
