/** The public API: citizens' submissions, look-ups, ratings and public reading (docs/domain.md, "Adding a module"). */
import type { ClosingService } from '../evaluation/closing.service';
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import type { SandboxService } from '../sandbox/sandbox.service';
import { PublicResolver, PublicUnitResolver } from './public.resolver';
import { PublicService } from './public.service';

export const publicModule = defineModule({
  name: 'public',
  resolvers: [PublicResolver, PublicUnitResolver],
  services: (d: ModuleKernel & { messages: MessageService; closing: ClosingService; sandbox: SandboxService }) => ({
    publicApi: new PublicService(d.ds, d.messages, d.closing, d.sandbox, d.config.jwtSecret, d.redis, d.config.redisKeyPrefix),
  }),
});
