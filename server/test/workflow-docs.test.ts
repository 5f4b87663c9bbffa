import fs from 'node:fs';
import { renderWorkflowDoc, WORKFLOW_DOC } from '../src/cli/workflowDocs';

test('docs/workflow.md is the declared transition tables (run `npm run docs:workflow` after changing them)', () => {
  expect(fs.readFileSync(WORKFLOW_DOC, 'utf8')).toBe(renderWorkflowDoc());
});
