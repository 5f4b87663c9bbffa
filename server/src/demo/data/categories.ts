/**
 * Demo category tree (领域): the 13 top-level fields of domain.md §2, each with a few subcategories, as data in
 * categories.data.json. Codes are stable ASCII slugs; a subcategory's code starts with its parent's code.
 * No side effects.
 */
import CATEGORIES from './categories.data.json';

export interface DemoCategory {
  code: string;
  name: string;
  children?: DemoCategory[];
}

export const DEMO_CATEGORIES: DemoCategory[] = CATEGORIES;
