/** A unit picker that searches the unit tree on the server (names are shown with their parent for context). */
import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { gql } from '../api/client';
import { Units } from '../generated/graphql';

export interface UnitOption {
  id: string;
  name: string;
  parent?: { name: string } | null;
}
type Option = UnitOption;
type Common = { label: string; filter?: Record<string, unknown>; testId?: string };
/** One unit (or none), or several units with `multiple`. */
export type UnitPickerProps = Common &
  (
    | { multiple?: false; value: UnitOption | null; onChange: (v: UnitOption | null) => void }
    | { multiple: true; value: UnitOption[]; onChange: (v: UnitOption[]) => void }
  );

/** `filter` narrows what is offered, e.g. `{ handlesMessages: true }` where a unit is to be assigned. */
export function UnitPicker(props: UnitPickerProps) {
  const extra = JSON.stringify(props.filter ?? {});
  const [input, setInput] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      gql(Units, { first: 30, filter: { ...JSON.parse(extra), search: input || undefined, isActive: true } })
        .then((r) => live && setOptions(r.units.nodes))
        .catch(() => undefined);
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [input, extra]);
  return (
    <Autocomplete<Option, boolean>
      multiple={props.multiple}
      options={options}
      filterOptions={(x) => x}
      getOptionLabel={(o) => (o.parent ? `${o.name}（${o.parent.name}）` : o.name)}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      value={props.value || (props.multiple ? [] : null)}
      onChange={(_e, v) => (props.multiple ? props.onChange((v as UnitOption[] | null) ?? []) : props.onChange(v as UnitOption | null))}
      onInputChange={(_e, v) => setInput(v)}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-field': props.testId ?? 'unit-search' } }}
        />
      )}
    />
  );
}
