/**
 * Writing an article (新增 / 修改): the owning unit's handlers and reviewers and the platform. A draft is changed in
 * place; after review a change starts the next version (the approved one stays in force until that is approved).
 * Saving keeps it as a draft; 提交审核 on its page sends it to a platform reviewer.
 */
import { ArrayInput, DateInput, required, SelectInput, SimpleFormIterator, TextInput } from 'react-admin';
import { Stack } from '@mui/material';
import { RecordCreate, RecordEdit } from '../../components/RecordForm';
import { useCan } from '../../capabilities';
import { ReferenceByNameInput } from '../../components/ReferenceByNameInput';

const VISIBILITY = [
  { id: 'PUBLIC', name: 'wz.enums.KnowledgeVisibility.PUBLIC' },
  { id: 'STAFF', name: 'wz.enums.KnowledgeVisibility.STAFF' },
];

function Fields({ creating }: { creating?: boolean }) {
  const may = useCan();
  return (
    <>
      {creating && may('KNOWLEDGE_REVIEW') && (
        <ReferenceByNameInput source="unitId" reference="units" filter={{ handlesMessages: true }} sx={{ minWidth: 320 }} />
      )}
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="questionsText" validate={required()} multiline minRows={3} fullWidth helperText="wz.kb.questionsHelp" />
      <TextInput source="answer" validate={required()} multiline minRows={6} fullWidth />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <ReferenceByNameInput source="categoryId" reference="categories" sx={{ minWidth: 220 }} />
        <ReferenceByNameInput source="regionUnitId" reference="units" filter={{ kind: 'REGION' }} sx={{ minWidth: 220 }} />
        <SelectInput source="visibility" choices={VISIBILITY} validate={required()} />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <DateInput source="validFrom" />
        <DateInput source="validUntil" />
        <DateInput source="reviewBy" />
      </Stack>
      <ArrayInput source="sources">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="title" label="resources.knowledge.fields.sourceTitle" sx={{ minWidth: 280 }} />
          <TextInput source="number" label="resources.knowledge.fields.sourceNumber" />
          <DateInput source="date" label="resources.knowledge.fields.sourceDate" />
          <TextInput source="url" label="resources.knowledge.fields.sourceUrl" />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
}

export function KnowledgeCreate() {
  return (
    <RecordCreate redirect="show" record={{ visibility: 'PUBLIC', sources: [] }}>
      <Fields creating />
    </RecordCreate>
  );
}

export function KnowledgeEdit() {
  return (
    <RecordEdit titleSource="title" redirect="show">
      <Fields />
    </RecordEdit>
  );
}
