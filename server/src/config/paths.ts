/** Locations inside the repository, found the same way from sources (tests) and from the build (dist/). */
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'migrations'))) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'wenzheng') return dir;
      } catch {
        /* keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const SCHEMA_FILE = path.join(REPO_ROOT, 'schema', 'schema.graphql');
/** The enumerations' labels in zh and en (common/labels.ts), from which the console's build generates its labels. */
export const LABELS_FILE = path.join(REPO_ROOT, 'schema', 'labels.json');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, 'data');
export const ADMIN_DIST = path.join(REPO_ROOT, 'admin', 'dist');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
