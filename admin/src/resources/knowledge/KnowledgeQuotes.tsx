/**
 * 知识推荐 in the 直办答复 and 拟写答复 dialogs: the articles in force the server finds for the message
 * (`knowledgeSuggestions`, its title and text, its region), each with the words it matched and a 引用 button that
 * puts the article's answer into the reply and records the article with it (`articleIds`: the reply says which
 * articles it used; they count in the knowledge figures once it is published).
 */
import { Box, Button, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useGqlQuery } from '../../api/useGqlQuery';
import { UserText } from '../../components/common';
import { KnowledgeSuggestions } from '../../generated/graphql';
import { text, type FormValues, type SetFormValue } from '../../components/ActionDialog';

/** The quoted articles to send with the reply. */
export const quotedArticleIds = (v: FormValues): string[] =>
  Array.isArray(v.articleIds) ? v.articleIds.filter((x): x is string => typeof x === 'string') : [];

export function KnowledgeQuotes({ messageId, values, set }: { messageId: string; values: FormValues; set: SetFormValue }) {
  const t = useTranslate();
  const { data, isLoading } = useGqlQuery(KnowledgeSuggestions, { messageId, first: 3 });
  const hits = data?.knowledgeSuggestions ?? [];
  const quoted = quotedArticleIds(values);
  const quote = (id: string, answer: string) => {
    const current = text(values.content).trim();
    set('content', current ? `${current}\n${answer}` : answer);
    set('articleIds', [...quoted, id]);
  };
  return (
    <Box sx={{ mt: 2 }} data-testid="knowledge-suggestions">
      <Typography variant="subtitle2">{t('wz.kb.suggestions')}</Typography>
      {isLoading ? (
        <Typography variant="body2" color="text.secondary">
          {t('wz.kb.loading')}
        </Typography>
      ) : !hits.length ? (
        <Typography variant="body2" color="text.secondary" data-testid="no-knowledge">
          {t('wz.kb.noSuggestions')}
        </Typography>
      ) : (
        <List dense disablePadding>
          {hits.map((h) => {
            const done = quoted.includes(h.article.id);
            return (
              <ListItem
                key={h.article.id}
                disableGutters
                data-article={h.article.title}
                secondaryAction={
                  <Button
                    size="small"
                    variant={done ? 'text' : 'outlined'}
                    disabled={done}
                    onClick={() => quote(h.article.id, h.article.answer)}
                    data-testid="quote-article"
                  >
                    {t(done ? 'wz.kb.quoted' : 'wz.kb.quote')}
                  </Button>
                }
              >
                <ListItemText
                  sx={{ pr: 8 }}
                  primary={<UserText>{h.article.title}</UserText>}
                  secondary={
                    <>
                      {h.article.unit.name} · {t('wz.kb.matched')}
                      <UserText>{h.matchedTerms.slice(0, 5).join('、')}</UserText>
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {quoted.length > 0 && (
        <Typography variant="body2" color="text.secondary" data-testid="quoted-hint">
          {t('wz.kb.quotedHint', { n: quoted.length })}
        </Typography>
      )}
    </Box>
  );
}
