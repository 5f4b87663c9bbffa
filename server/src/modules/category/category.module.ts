/** Message categories (分类) (docs/domain.md, "Adding a module"). */
import { byIdLoader } from '../../graphql/loaders';
import { defineModule, type ModuleKernel } from '../module';
import { Category } from './category.entity';
import { CategoryResolver } from './category.resolver';
import { CategoryService } from './category.service';

export const categoryModule = defineModule({
  name: 'category',
  entities: [Category],
  resolvers: [CategoryResolver],
  loaders: (ds) => ({ category: byIdLoader(ds, Category) }),
  services: ({ ds }: ModuleKernel) => ({ categories: new CategoryService(ds) }),
});
