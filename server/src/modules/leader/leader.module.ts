/** Leaders (领导) messages may be addressed to (docs/domain.md, "Adding a module"). */
import { byIdLoader } from '../../graphql/loaders';
import { defineModule, type ModuleKernel } from '../module';
import { Leader } from './leader.entity';
import { LeaderResolver } from './leader.resolver';
import { LeaderService } from './leader.service';

export const leaderModule = defineModule({
  name: 'leader',
  entities: [Leader],
  resolvers: [LeaderResolver],
  loaders: (ds) => ({ leader: byIdLoader(ds, Leader) }),
  services: ({ ds }: ModuleKernel) => ({ leaders: new LeaderService(ds) }),
});
