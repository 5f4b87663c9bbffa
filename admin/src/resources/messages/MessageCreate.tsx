import { BooleanInput, Create, required, SelectInput, SimpleForm, TextInput, useNotify } from 'react-admin';
import { enumChoices } from '../../components/common';

/** Staff enter messages from the hotline, letters or posts found elsewhere (登记留言). */
export function MessageCreate() {
  const notify = useNotify();
  return (
    <Create redirect="show" mutationOptions={{ onSuccess: () => notify('wz.actions.done', { type: 'success' }) }}>
      <SimpleForm defaultValues={{ channel: 'HOTLINE_12345', type: 'CONSULT', isPublic: false }}>
        <SelectInput source="channel" choices={enumChoices('Channel')} validate={required()} />
        <SelectInput source="type" choices={enumChoices('MessageType')} validate={required()} />
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="content" validate={required()} multiline minRows={5} fullWidth />
        <TextInput source="realName" />
        <TextInput source="phone" />
        <TextInput source="idNumber" />
        <TextInput source="address" fullWidth />
        <BooleanInput source="isPublic" />
        <BooleanInput source="isUrgent" />
      </SimpleForm>
    </Create>
  );
}
