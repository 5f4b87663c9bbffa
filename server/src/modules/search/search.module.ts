/** The full-text index of messages (docs/search.md; docs/domain.md, "Adding a module"). */
import { defineModule, type ModuleKernel } from '../module';
import { SearchService } from './search.service';

export const searchModule = defineModule({
  name: 'search',
  // The index's engine is read from the database at start.
  services: ({ ds, config }: ModuleKernel) => ({
    search: new SearchService(ds, {
      info: (m) => !['silent', 'error', 'warn'].includes(config.logLevel) && console.log(m),
      warn: (m) => !['silent', 'error'].includes(config.logLevel) && console.warn(m),
    }),
  }),
});
