/** The public API's sandbox: submissions a simulated unit answers (docs/public-api.md; docs/domain.md, "Adding a module"). */
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { SandboxMessage } from './sandbox-message.entity';
import { SandboxService } from './sandbox.service';

export const sandboxModule = defineModule({
  name: 'sandbox',
  entities: [SandboxMessage],
  services: ({ ds, config, messages }: ModuleKernel & { messages: MessageService }) => ({
    sandbox: new SandboxService(ds, messages, config.jwtSecret, config.sandboxStepSeconds),
  }),
});
