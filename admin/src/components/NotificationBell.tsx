/**
 * The bell in the top bar (通知): the viewer's unread count and latest notifications, from the server's
 * `notifications` (who is told of what is decided there, when the change is written). New ones arrive live
 * (`notificationAdded`); a slow poll covers a dropped connection. Opening a notification marks it read and
 * opens its message.
 */
import { useEffect, useState } from 'react';
import { Badge, Box, Button, Divider, IconButton, List, ListItemButton, ListItemText, Popover, Tooltip, Typography } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useNotify, useRedirect, useTranslate } from 'react-admin';
import { gql } from '../api/client';
import { useGqlQuery } from '../api/useGqlQuery';
import { live } from '../api/live';
import { MarkNotificationsRead, Notifications, NotificationFields } from '../generated/graphql';
import { fmt, useErrorText } from './common';

const SHOWN = 20;

export function NotificationBell() {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const errorText = useErrorText();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { data, refetch } = useGqlQuery(Notifications, { first: SHOWN }, { quiet: true });
  const unread = data?.unreadNotificationCount ?? 0;
  const items: NotificationFields[] = data?.notifications.nodes ?? [];
  const total = data?.notifications.totalCount ?? 0;

  // New notifications arrive live; a slow poll covers a dropped connection (a failed load keeps the bell as it was).
  useEffect(() => {
    const stop = live(
      `subscription { notificationAdded { type } }`,
      {},
      () => void refetch(),
      () => void refetch(),
    );
    const timer = setInterval(() => void refetch(), 60_000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [refetch]);

  const mark = async (input: { ids?: string[]; all?: boolean }) => {
    try {
      await gql(MarkNotificationsRead, { input });
      await refetch();
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    }
  };
  const open = async (n: NotificationFields) => {
    setAnchor(null);
    if (!n.read) await mark({ ids: [n.id] });
    redirect('show', 'messages', n.messageId);
  };

  return (
    <>
      <Tooltip title={t('bo.bell.open')}>
        <IconButton
          color="inherit"
          onClick={(e) => {
            setAnchor(e.currentTarget);
            void refetch();
          }}
          aria-label={t('bo.bell.open')}
          data-testid="bell"
        >
          <Badge badgeContent={unread} color="error" max={99} data-testid="bell-count" data-count={unread}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover
        open={!!anchor}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <Box sx={{ width: 420, maxHeight: 520, display: 'flex', flexDirection: 'column' }} data-testid="bell-panel">
          <Box sx={{ display: 'flex', alignItems: 'center', px: 2, py: 1 }}>
            <Typography variant="subtitle1" sx={{ flexGrow: 1 }}>
              {t('bo.bell.title')}
              {unread ? `（${t('bo.bell.unread', { n: unread })}）` : ''}
            </Typography>
            <Button size="small" disabled={!unread} onClick={() => mark({ all: true })} data-testid="bell-mark-all">
              {t('bo.bell.markAll')}
            </Button>
          </Box>
          <Divider />
          {items.length === 0 ? (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              {t('bo.bell.empty')}
            </Typography>
          ) : (
            <List dense sx={{ overflowY: 'auto' }}>
              {items.map((n) => (
                <ListItemButton
                  key={n.id}
                  onClick={() => open(n)}
                  data-testid="bell-item"
                  data-action={n.action}
                  data-read={n.read ? 'yes' : 'no'}
                  sx={{ alignItems: 'flex-start', bgcolor: n.read ? undefined : 'action.hover' }}
                >
                  <ListItemText
                    primary={
                      <>
                        <Typography component="span" sx={{ fontWeight: n.read ? 400 : 700 }}>
                          {t(`wz.ledger.${n.action}`)}
                        </Typography>
                        {'　'}
                        {n.serialNo} <span data-user-text="">{n.title}</span>
                      </>
                    }
                    secondary={
                      <>
                        {n.detail ? (
                          <span data-user-text="" style={{ display: 'block' }}>
                            {n.detail}
                          </span>
                        ) : null}
                        {[n.unitName, fmt(n.createdAt)].filter(Boolean).join(' · ')}
                      </>
                    }
                  />
                </ListItemButton>
              ))}
            </List>
          )}
          {total > items.length && (
            <Typography variant="caption" color="text.secondary" sx={{ px: 2, pb: 1 }}>
              {t('bo.bell.more', { n: items.length })}
            </Typography>
          )}
        </Box>
      </Popover>
    </>
  );
}
