/** API clients (third parties with a key) (docs/public-api.md; docs/domain.md, "Adding a module"). */
import { defineModule, type ModuleKernel } from '../module';
import { ApiClient } from './apiclient.entity';
import { ApiClientResolver } from './apiclient.resolver';
import { ApiClientService } from './apiclient.service';

export const apiclientModule = defineModule({
  name: 'apiclient',
  entities: [ApiClient],
  resolvers: [ApiClientResolver],
  services: ({ ds, config, redis }: ModuleKernel) => ({
    apiClients: new ApiClientService(ds, redis, config.citizenOpsPerIpPerMinute, config.redisKeyPrefix),
  }),
});
