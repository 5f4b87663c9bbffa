/**
 * The console's theme: react-admin's own, with what accessibility needs (GB/T 37668-2019 ≈ WCAG 2.x AA):
 *  - colours with a contrast of at least 4.5:1 for text (the top bar, buttons, the orange of 催办 and 临期);
 *  - row checkboxes named on the input itself (react-admin puts the label on the wrapper span);
 *  - list rows that open a record reachable with Tab and opened with Enter, with a visible focus;
 *  - the skip link (跳到内容) readable when it shows;
 *  - the collapsed bulk-action toolbar out of the Tab order.
 */
import { forwardRef, type KeyboardEvent } from 'react';
import { DatagridBody, DatagridRow, defaultDarkTheme, defaultLightTheme, useResourceDefinition, type DatagridRowProps, type RaThemeOptions } from 'react-admin';

/** Deep merge of plain objects (React elements and arrays are replaced, not merged). */
function merge<T extends object>(base: T, extra: object): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    const plain = (x: unknown) => !!x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype && !('$$typeof' in (x as object));
    out[k] = plain(v) && plain(b) ? merge(b as object, v as object) : v;
  }
  return out as T;
}

/** Blue of the top bar and of primary buttons: white on it 5.75:1, it on white 5.75:1. */
const BLUE = '#1565c0';
const DARK_BLUE = '#0d47a1';
/** Orange of 催办 and 临期: white on it 6.6:1, it on the grey form toolbar 5.0:1 and on the bulk toolbar 5.3:1. */
const ORANGE = '#9a4400';
/** Red of 不予受理 and 删除: on the grey form toolbar 5.0:1, white on it 6.6:1. */
const RED = '#b71c1c';

/**
 * A list row that opens its record (rowClick, or a show or edit view) takes the focus with Tab and opens with
 * Enter or Space, exactly as a click would; rows that open nothing stay out of the Tab order.
 */
const KeyboardRow = forwardRef<HTMLTableRowElement, DatagridRowProps>(function KeyboardRow(props, ref) {
  const resource = useResourceDefinition({ resource: props.resource });
  const opens = props.rowClick !== false && (props.rowClick != null ? true : !!(resource.hasShow || resource.hasEdit));
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
      e.preventDefault();
      e.currentTarget.click();
    }
  };
  return <DatagridRow ref={ref} {...props} {...(opens ? { tabIndex: 0, onKeyDown } : {})} />;
});

const checkboxLabelOnInput = {
  MuiCheckbox: {
    defaultProps: {
      slotProps: {
        // A Checkbox given aria-label as a prop (react-admin's “选择此行”) gets it on its input, not on the span.
        root: (o: Record<string, unknown>) => (o['aria-label'] ? { 'aria-label': undefined } : {}),
        input: (o: Record<string, unknown>) => (o['aria-label'] ? { 'aria-label': o['aria-label'] } : {}),
      },
    },
  },
};

const shared = {
  components: {
    ...checkboxLabelOnInput,
    RaDatagrid: { defaultProps: { body: <DatagridBody row={<KeyboardRow />} /> } },
    RaBulkActionsToolbar: {
      styleOverrides: { root: { '& .RaBulkActionsToolbar-collapsed': { visibility: 'hidden' } } },
    },
    MuiTableRow: {
      styleOverrides: { root: { '&:focus-visible': { outline: `3px solid ${BLUE}`, outlineOffset: -3 } } },
    },
    // react-admin greys its 404 and error texts with opacity .5 (3.2:1): full text colour instead.
    RaNotFound: { styleOverrides: { root: { '& .RaNotFound-message': { opacity: 1 } } } },
    RaError: { styleOverrides: { root: { opacity: 1 } } },
    // The empty list's message is in the disabled grey (2.7:1): the secondary text colour instead.
    RaEmpty: {
      styleOverrides: {
        root: ({ theme }: { theme: { palette: { text: { secondary: string } } } }) => ({ '& .RaEmpty-message': { color: theme.palette.text.secondary } }),
      },
    },
  },
};

export const lightTheme: RaThemeOptions = merge(merge(defaultLightTheme, shared), {
  palette: {
    primary: { main: BLUE, light: '#5e92f3', dark: DARK_BLUE, contrastText: '#fff' },
    secondary: { main: BLUE, light: '#5e92f3', dark: DARK_BLUE, contrastText: '#fff' },
    warning: { main: ORANGE, light: '#f59e0b', dark: '#7a3600', contrastText: '#fff' },
    error: { main: RED, light: '#e57373', dark: '#7f0000', contrastText: '#fff' },
    info: { main: '#01579b', contrastText: '#fff' },
  },
  components: {
    // The form toolbar in a lighter grey than react-admin's (#e0e0e0), so that blue, red and orange text buttons on it
    // keep at least 4.5:1.
    RaToolbar: { styleOverrides: { root: { backgroundColor: '#f5f5f5' } } },
    RaSkipNavigationButton: {
      styleOverrides: {
        root: {
          backgroundColor: DARK_BLUE,
          color: '#fff',
          outline: '3px solid #fff',
          boxShadow: `0 0 0 6px ${DARK_BLUE}`,
          '&:hover': { backgroundColor: DARK_BLUE, opacity: 1 },
        },
      },
    },
  },
});

export const darkTheme: RaThemeOptions = merge(merge(defaultDarkTheme, shared), {
  components: {
    RaSkipNavigationButton: {
      styleOverrides: { root: { backgroundColor: '#fff', color: '#111', '&:hover': { backgroundColor: '#fff', opacity: 1 } } },
    },
  },
});
