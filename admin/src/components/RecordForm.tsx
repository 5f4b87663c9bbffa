/**
 * The create and edit pages of the console's simple records (units, users, leaders, categories, API clients,
 * templates, holidays, catalogue entries, articles): one form on one page. An edit saves pessimistically (the
 * server's answer, not a guess, is what the page shows) and is titled by the record's own name (RecordTitle).
 */
import type { ReactElement, ReactNode } from 'react';
import { Create, Edit, SimpleForm, type RedirectionSideEffect } from 'react-admin';
import { RecordTitle } from './RecordTitle';

export function RecordCreate({ redirect, record, children }: { redirect?: RedirectionSideEffect; record?: Record<string, unknown>; children: ReactNode }) {
  return (
    <Create redirect={redirect} record={record}>
      <SimpleForm>{children}</SimpleForm>
    </Create>
  );
}

/** `titleSource`: the field that names the record in the title (none: react-admin's own title). */
export function RecordEdit({
  titleSource,
  redirect,
  toolbar,
  children,
}: {
  titleSource?: string;
  redirect?: RedirectionSideEffect;
  toolbar?: ReactElement;
  children: ReactNode;
}) {
  return (
    <Edit title={titleSource ? <RecordTitle source={titleSource} /> : undefined} mutationMode="pessimistic" redirect={redirect}>
      <SimpleForm toolbar={toolbar}>{children}</SimpleForm>
    </Edit>
  );
}
