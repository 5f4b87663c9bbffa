/** Live events over WebSocket subscriptions (docs/domain.md, "Adding a module"). */
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { RealtimeResolver } from './realtime.resolver';
import { RealtimeService } from './realtime.service';

export const realtimeModule = defineModule({
  name: 'realtime',
  resolvers: [RealtimeResolver],
  services: ({ ds, bus, messages }: ModuleKernel & { messages: MessageService }) => {
    const realtime = new RealtimeService(ds, bus, messages);
    bus.useLedger(realtime.ledgerSource());
    return { realtime };
  },
});
