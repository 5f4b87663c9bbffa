/**
 * `npm run analysis:rebuild`: writes the analysis index (similar messages, hot problems, category model, reply
 * templates) anew from the messages. `npm run analysis:rebuild -- --missing`: only indexes the messages that have
 * no analysis row yet, keeping the rest (docs/analysis.md).
 */
import 'reflect-metadata';
import { AnalysisIndex } from '../modules/analysis/analysis.index';
import { indexMissing, rebuildAnalysis } from '../modules/analysis/analysis.rebuild';
import { runRebuildCommand } from './rebuildCommand';

const missingOnly = process.argv.includes('--missing');
runRebuildCommand((ds, progress) => (missingOnly ? indexMissing(ds, new AnalysisIndex(ds), progress) : rebuildAnalysis(ds, new AnalysisIndex(ds), progress)));
