/**
 * The rows of a back-office list (待审批申请, 督办跟踪, 领导信箱) under a line that says what the list holds: cells
 * aligned at the top (a row may hold several lines), column headings on one line, no bulk actions.
 */
import { Typography } from '@mui/material';
import { Datagrid, type DatagridProps } from 'react-admin';

export function HintedDatagrid({ hint, sx, children, ...props }: DatagridProps & { hint: string }) {
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        {hint}
      </Typography>
      <Datagrid
        bulkActionButtons={false}
        rowSx={() => ({ verticalAlign: 'top' })}
        sx={[{ '& .RaDatagrid-headerCell': { whiteSpace: 'nowrap' } }, ...(Array.isArray(sx) ? sx : [sx])]}
        {...props}
      >
        {children}
      </Datagrid>
    </>
  );
}
