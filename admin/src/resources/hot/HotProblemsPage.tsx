/**
 * 热点问题: the server's hot problems of a period (this month by default) in the viewer's scope, optionally of a
 * region: each with its label (place and issue), messages, citizens, likes, growth against the previous period,
 * heat and representative title; a problem's messages open in the message list. 专报 downloads the server's Word
 * document for the same period and region.
 */
import { useState } from 'react';
import { Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { loadSession } from '../../api/client';
import { useGqlQuery } from '../../api/useGqlQuery';
import { fmt, shanghaiToday, UserText } from '../../components/common';
import { UnitPicker } from '../../components/UnitPicker';
import { HotProblems } from '../../generated/graphql';

const growthText = (g: number | null, t: (k: string) => string) => (g === null ? t('wz.hot.new') : `${g >= 0 ? '+' : ''}${Math.round(g * 100)}%`);

export function HotProblemsPage() {
  const t = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [from, setFrom] = useState(`${shanghaiToday().slice(0, 8)}01`);
  const [to, setTo] = useState(shanghaiToday());
  const [region, setRegion] = useState<{ id: string; name: string } | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const report =
    useGqlQuery(HotProblems, { period: { from, to }, filter: region ? { regionUnitId: region.id } : undefined, first: 20 }, { enabled: valid }).data
      ?.hotProblems ?? null;
  const download = async () => {
    const q = new URLSearchParams({ from, to, first: '10', ...(region ? { regionUnitId: region.id } : {}) });
    const res = await fetch(`/export/hot-problems.docx?${q}`, { headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` } });
    if (!res.ok) return notify(t('wz.hot.downloadFailed'), { type: 'error' });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `热点问题专报-${from}-${to}.docx` });
    a.click();
    URL.revokeObjectURL(url);
  };
  /** A problem's messages in the message list (its filter 指定留言). */
  const openMessages = (p: { messageIds: string[] }) => navigate(`/messages?filter=${encodeURIComponent(JSON.stringify({ ids: p.messageIds }))}`);
  return (
    <Card sx={{ mt: 2 }} data-testid="hot-problems-page">
      <Title title={t('wz.hot.title')} />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            type="date"
            label={t('wz.hot.from')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'from' } }}
          />
          <TextField
            type="date"
            label={t('wz.hot.to')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-field': 'to' } }}
          />
          <Box sx={{ width: 320 }}>
            <UnitPicker label={t('wz.hot.region')} value={region} onChange={setRegion} />
          </Box>
          <Button variant="contained" onClick={download} disabled={!valid} data-testid="download-report">
            {t('wz.hot.download')}
          </Button>
        </Stack>
        {!report ? (
          <Typography>…</Typography>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="hot-summary">
              {t('wz.hot.summary', { total: report.totalMessages, n: report.problems.length, prevFrom: report.previousFrom, prevTo: report.previousTo })}
            </Typography>
            {report.problems.length === 0 ? (
              <Typography color="text.secondary">{t('wz.hot.none')}</Typography>
            ) : (
              <Table size="small" data-testid="hot-problems">
                <TableHead>
                  <TableRow>
                    {['label', 'messages', 'citizens', 'likes', 'growth', 'heat', 'dates', 'representative'].map((k) => (
                      <TableCell key={k} sx={{ whiteSpace: 'nowrap' }}>
                        {t(`wz.hot.cols.${k}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.problems.map((p) => (
                    <TableRow
                      key={p.key}
                      data-key={p.key}
                      data-messages={p.messages}
                      data-citizens={p.citizens}
                      hover
                      sx={{ cursor: 'pointer' }}
                      onClick={() => openMessages(p)}
                    >
                      <TableCell data-col="label">
                        <UserText>{p.label}</UserText>
                      </TableCell>
                      <TableCell align="right" data-col="messages">
                        {p.messages}
                      </TableCell>
                      <TableCell align="right" data-col="citizens">
                        {p.citizens}
                      </TableCell>
                      <TableCell align="right">{p.likes}</TableCell>
                      <TableCell align="right" data-col="growth">
                        {growthText(p.growth, t)}
                      </TableCell>
                      <TableCell align="right" data-col="heat">
                        {p.heat}
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {fmt(p.firstAt).slice(0, 10)} — {fmt(p.lastAt).slice(0, 10)}
                      </TableCell>
                      <TableCell>
                        <UserText>{p.representativeTitle}</UserText>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
