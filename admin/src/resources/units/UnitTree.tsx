/**
 * The unit tree (单位树): roots first, each level loaded from the server when opened (`units(filter: {parentId})`,
 * sibling order), so a tree of 10,000 units costs one small query per opened node. Each unit offers edit,
 * "add a unit below" and enable/disable.
 */
import { useCallback, useEffect, useState } from 'react';
import { Box, Button, Chip, CircularProgress, IconButton, Stack, Typography } from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import ChevronRight from '@mui/icons-material/ChevronRight';
import { useCreatePath, useNotify, useRedirect, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { SetUnitActive, Units, UnitFields } from '../../generated/graphql';

const PAGE = 100;
type Level = { rows: UnitFields[]; total: number; loading: boolean };

export function UnitTree() {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const createPath = useCreatePath();
  const [levels, setLevels] = useState<Record<string, Level>>({});
  const [open, setOpen] = useState<Record<string, boolean>>({});

  /** Loads a level (key 'root' or a parent id), appending to what is already loaded when `more` is set. */
  const load = useCallback(
    async (key: string, more = false) => {
      let offset = 0;
      setLevels((s) => {
        offset = more ? (s[key]?.rows.length ?? 0) : 0;
        return { ...s, [key]: { rows: more ? (s[key]?.rows ?? []) : [], total: s[key]?.total ?? 0, loading: true } };
      });
      try {
        const filter = key === 'root' ? { rootsOnly: true } : { parentId: key };
        const r = (await gql(Units, { first: PAGE, offset, filter, sort: { field: 'SORT_ORDER', direction: 'ASC' } })).units;
        setLevels((s) => ({ ...s, [key]: { rows: [...(more ? (s[key]?.rows ?? []) : []), ...r.nodes], total: r.totalCount, loading: false } }));
        return r.nodes;
      } catch (e) {
        notify((e as Error).message, { type: 'error' });
        setLevels((s) => ({ ...s, [key]: { rows: s[key]?.rows ?? [], total: s[key]?.total ?? 0, loading: false } }));
        return [];
      }
    },
    [notify],
  );

  useEffect(() => {
    // The roots, with the first one opened: the platform's own region is what an admin works in. The tree loads
    // level by level as it is opened (each level appended to the others), which a single query per key cannot hold.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the first level's loading state is set as it starts
    load('root').then((roots) => {
      if (roots[0]) {
        setOpen((o) => ({ ...o, [roots[0].id]: true }));
        void load(roots[0].id);
      }
    });
  }, [load]);

  const toggle = (id: string) => {
    const next = !open[id];
    setOpen((o) => ({ ...o, [id]: next }));
    if (next && !levels[id]) void load(id);
  };

  const setActive = async (u: UnitFields) => {
    try {
      const r = (await gql(SetUnitActive, { input: { id: u.id, isActive: !u.isActive } })).setUnitActive.unit;
      setLevels((s) => {
        const key = u.parentId ?? 'root';
        const lvl = s[key];
        return lvl ? { ...s, [key]: { ...lvl, rows: lvl.rows.map((x) => (x.id === u.id ? r : x)) } } : s;
      });
      notify(r.isActive ? 'wz.units.enabled' : 'wz.units.disabled', { type: 'info', messageArgs: { name: r.name } });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };

  const renderLevel = (key: string, depth: number) => {
    const lvl = levels[key];
    if (!lvl) return null;
    if (lvl.loading && !lvl.rows.length)
      return (
        <Box sx={{ pl: depth * 3 + 5, py: 0.5 }}>
          <CircularProgress size={16} />
        </Box>
      );
    if (!lvl.rows.length && key !== 'root')
      return (
        <Typography variant="body2" color="text.secondary" sx={{ pl: depth * 3 + 5, py: 0.5 }} data-testid={`no-children-${key}`}>
          {t('wz.units.noChildren')}
        </Typography>
      );
    return (
      <Box role={key === 'root' ? 'tree' : 'group'}>
        {lvl.rows.map((u) => (
          <Box key={u.id} role="treeitem" aria-expanded={u.childCount > 0 ? !!open[u.id] : undefined} data-unit-id={u.id} data-unit-name={u.name}>
            <Stack
              direction="row"
              spacing={1}
              sx={{ alignItems: 'center', pl: depth * 3, py: 0.25, '&:hover': { bgcolor: 'action.hover' }, '&:hover .unit-actions': { visibility: 'visible' } }}
            >
              {/* A leaf (no unit below, as the server counts) has no arrow: there is nothing to open. */}
              {u.childCount > 0 ? (
                <IconButton
                  size="small"
                  onClick={() => toggle(u.id)}
                  aria-label={t(open[u.id] ? 'wz.units.collapse' : 'wz.units.expand')}
                  data-testid={`toggle-unit-${u.id}`}
                >
                  {open[u.id] ? <ExpandMore fontSize="small" /> : <ChevronRight fontSize="small" />}
                </IconButton>
              ) : (
                <Box sx={{ width: 34, height: 34, flexShrink: 0 }} data-testid={`leaf-unit-${u.id}`} />
              )}
              <Typography
                sx={{ color: u.isActive ? 'text.primary' : 'text.disabled', cursor: u.childCount > 0 ? 'pointer' : 'default' }}
                onClick={() => u.childCount > 0 && toggle(u.id)}
              >
                {u.name}
              </Typography>
              <Typography variant="body2" color="text.secondary" translate="no">
                {u.code}
              </Typography>
              <Chip size="small" variant="outlined" label={t(`wz.enums.UnitKind.${u.kind}`)} />
              {!u.isActive && <Chip size="small" label={t('wz.units.inactive')} />}
              <Box className="unit-actions" sx={{ visibility: 'hidden' }}>
                <Button size="small" onClick={() => redirect('edit', 'units', u.id)}>
                  {t('ra.action.edit')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    redirect(`${createPath({ resource: 'units', type: 'create' })}?source=${encodeURIComponent(JSON.stringify({ parentId: u.id }))}`)
                  }
                  data-testid={`add-child-${u.id}`}
                >
                  {t('wz.units.addChild')}
                </Button>
                <Button size="small" color={u.isActive ? 'error' : 'success'} onClick={() => setActive(u)}>
                  {t(u.isActive ? 'wz.units.disable' : 'wz.units.enable')}
                </Button>
              </Box>
            </Stack>
            {open[u.id] && renderLevel(u.id, depth + 1)}
          </Box>
        ))}
        {lvl.rows.length < lvl.total && (
          <Button size="small" sx={{ ml: depth * 3 + 5 }} disabled={lvl.loading} onClick={() => load(key, true)}>
            {t('wz.units.more', { n: lvl.total - lvl.rows.length })}
          </Button>
        )}
      </Box>
    );
  };

  return (
    <Box data-testid="unit-tree" sx={{ py: 1 }}>
      {renderLevel('root', 0)}
    </Box>
  );
}
