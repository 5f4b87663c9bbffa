/** A unit picker that searches the unit tree on the server (names are shown with their parent for context). */
import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { gql } from '../api/client';
import { Units } from '../generated/graphql';

interface Option { id: string; name: string; parent?: { name: string } | null }

export function UnitPicker(props: { label: string; multiple?: boolean; value: any; onChange: (v: any) => void }) {
  const [input, setInput] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      gql(Units, { first: 30, filter: { search: input || undefined, isActive: true } } as never)
        .then((r: any) => live && setOptions(r.units.nodes))
        .catch(() => undefined);
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [input]);
  return (
    <Autocomplete<Option, boolean>
      multiple={props.multiple}
      options={options}
      filterOptions={(x) => x}
      getOptionLabel={(o) => (o.parent ? `${o.name}（${o.parent.name}）` : o.name)}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      value={props.value || (props.multiple ? [] : null)}
      onChange={(_e, v) => props.onChange(v)}
      onInputChange={(_e, v) => setInput(v)}
      renderInput={(params) => <TextField {...params} label={props.label} slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-field': 'unit-search' } }} />}
    />
  );
}
