/** Reply templates (常用语) (docs/domain.md, "Adding a module"). */
import { defineModule, type ModuleKernel } from '../module';
import { ReplyTemplate } from './reply-template.entity';
import { ReplyTemplateResolver } from './reply-template.resolver';
import { ReplyTemplateService } from './reply-template.service';

export const templateModule = defineModule({
  name: 'template',
  entities: [ReplyTemplate],
  resolvers: [ReplyTemplateResolver],
  services: ({ ds }: ModuleKernel) => ({ replyTemplates: new ReplyTemplateService(ds) }),
});
