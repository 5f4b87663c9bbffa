/** A small table of the console's pages: its column headings (already worded), then its rows. */
import type { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow, type SxProps, type Theme } from '@mui/material';

export function SmallTable({ head, children, testId, sx }: { head: string[]; children: ReactNode; testId?: string; sx?: SxProps<Theme> }) {
  return (
    <Table size="small" data-testid={testId} sx={sx}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
