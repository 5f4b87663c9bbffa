/**
 * The parts of a record's own page (派单目录 and 知识库 entries): the page itself, read afresh each time it opens;
 * its cards with a heading; a fact with its label.
 */
import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { Show } from 'react-admin';
import { RecordTitle } from './RecordTitle';

/** A record's page, titled by the record's own name (`titleSource`), read again whenever it is opened. */
export function RecordShow({ titleSource, children }: { titleSource: string; children: ReactNode }) {
  return (
    <Show component="div" actions={false} title={<RecordTitle source={titleSource} />} queryOptions={{ refetchOnMount: 'always' }}>
      {children}
    </Show>
  );
}

/** A card of the page, under its heading when it has one. */
export function Section({ title, children, testId }: { title?: string; children: ReactNode; testId?: string }) {
  return (
    <Card variant="outlined" sx={{ mb: 2 }} data-testid={testId}>
      <CardContent>
        {title && (
          <Typography variant="h6" component="h2" gutterBottom>
            {title}
          </Typography>
        )}
        {children}
      </CardContent>
    </Card>
  );
}

/** One fact of the record: its label, then what it is. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Typography variant="body2" sx={{ mb: 0.5 }}>
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {label}：
      </Box>
      {children}
    </Typography>
  );
}
