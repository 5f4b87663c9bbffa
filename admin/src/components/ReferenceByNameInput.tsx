/**
 * A record of another resource (a unit, a category, a leader) chosen by typing part of its name: the API's `q` search,
 * options shown by name. `validate`, `hint` (helper text) and `sx` are the text field's; everything else, a filter form's
 * props too, goes to the reference as it would to a ReferenceInput.
 */
import { AutocompleteInput, ReferenceInput, type AutocompleteInputProps, type ReferenceInputProps } from 'react-admin';

const byName = (q: string) => ({ q });

type Props = Omit<ReferenceInputProps, 'children' | 'validate' | 'sx'> &
  Pick<ReferenceInputProps, 'source' | 'reference'> &
  Pick<AutocompleteInputProps, 'validate' | 'sx'> & { hint?: string };

export function ReferenceByNameInput({ validate, hint, sx, ...reference }: Props) {
  return (
    <ReferenceInput {...reference}>
      <AutocompleteInput optionText="name" filterToQuery={byName} validate={validate} helperText={hint} sx={sx} />
    </ReferenceInput>
  );
}
