/**
 * `npm run search:rebuild`: writes the full-text index of messages anew (docs/search.md), with the best engine the
 * database offers now: FTS5 on SQLite, Mroonga on MariaDB once installed (without it the index is dropped and the search
 * scans with LIKE), InnoDB ngram on MySQL 8. Safe while the server runs (see docs/search.md for what it costs).
 */
import 'reflect-metadata';
import { SearchService } from '../modules/search/search.service';
import { runRebuildCommand } from './rebuildCommand';

runRebuildCommand((ds, progress) => new SearchService(ds, { info: console.log, warn: console.warn }).rebuild(progress));
