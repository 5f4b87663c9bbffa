/** `npm run analysis:rebuild`: writes the analysis index (similar messages, hot problems, category model, reply templates) anew from the messages. */
import 'reflect-metadata';
import { AnalysisIndex } from '../modules/analysis/analysis.index';
import { rebuildAnalysis } from '../modules/analysis/analysis.rebuild';
import { runRebuildCommand } from './rebuildCommand';

runRebuildCommand((ds, progress) => rebuildAnalysis(ds, new AnalysisIndex(ds), progress));
