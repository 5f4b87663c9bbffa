/** Settings an administrator changes at run time (docs/domain.md, "Adding a module"). */
import { defineModule, type ModuleKernel } from '../module';
import { AppSetting } from './setting.entity';
import { SettingsResolver } from './settings.resolver';
import { SettingsService } from './settings.service';

export const settingsModule = defineModule({
  name: 'settings',
  entities: [AppSetting],
  resolvers: [SettingsResolver],
  services: ({ ds }: ModuleKernel) => ({ settings: new SettingsService(ds) }),
});
