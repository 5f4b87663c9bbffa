/** Attachments (附件) of messages and replies (docs/domain.md, "Adding a module"). */
import type { MessageService } from '../message/message.service';
import { defineModule, type ModuleKernel } from '../module';
import { registerAttachmentRoutes } from './attachment.routes';
import { AttachmentService } from './attachment.service';
import { StoredFile } from './stored-file.entity';

export const attachmentModule = defineModule({
  name: 'attachment',
  entities: [StoredFile],
  services: ({ ds, config, messages }: ModuleKernel & { messages: MessageService }) => ({
    attachments: new AttachmentService(ds, messages, config.dataDir),
  }),
  routes: registerAttachmentRoutes,
});
