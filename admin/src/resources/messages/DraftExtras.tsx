/**
 * What the reply dialog adds to the form: the unit's reply templates (常用语) to start from, and attachments
 * uploaded to the server (api/attachments.ts) and sent with the draft as names and addresses.
 */
import { useEffect, useRef, useState } from 'react';
import { Box, Button, Chip, MenuItem, Stack, TextField, Typography } from '@mui/material';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import { useNotify, useTranslate } from 'react-admin';
import { gql } from '../../api/client';
import { uploadAttachment, type UploadedAttachment } from '../../api/attachments';
import { useErrorText } from '../../components/common';
import type { FormValue, FormValues, SetFormValue } from '../../components/ActionDialog';
import { ReplyTemplates } from '../../generated/graphql';

type Template = { id: string; title: string; text: string; unit: { name: string } | null };

const uploaded = (v: FormValue): UploadedAttachment[] =>
  Array.isArray(v) ? v.filter((a): a is UploadedAttachment => typeof a === 'object' && 'url' in a) : [];
/** The attachments to send with a draft. */
export const draftAttachments = (v: FormValues) => uploaded(v.attachments).map((a) => ({ name: a.name, url: a.url }));
/** 确定 waits for uploads still running. */
export const draftReady = (v: FormValues) => !v.uploading;

export function DraftExtras({ messageId, values, set }: { messageId: string; values: FormValues; set: SetFormValue }) {
  const t = useTranslate();
  const notify = useNotify();
  const errorText = useErrorText();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [chosen, setChosen] = useState('');
  const file = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    gql(ReplyTemplates, {})
      .then((r) => live && setTemplates(r.replyTemplates as Template[]))
      .catch((e) => notify(errorText(e), { type: 'error' }));
    return () => {
      live = false;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const attachments = uploaded(values.attachments);

  // 常用语: the chosen template's text goes into the reply.
  const applyTemplate = (id: string) => {
    setChosen(id);
    const tpl = templates.find((x) => x.id === id);
    if (!tpl) return;
    // Into an empty form the template is the text; otherwise it is added below what is written.
    const current = String(values.content ?? '').trim();
    set('content', current ? `${current}\n${tpl.text}` : tpl.text);
  };
  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    set('uploading', true);
    const done: UploadedAttachment[] = [];
    try {
      for (const f of Array.from(files)) done.push(await uploadAttachment(messageId, f));
    } catch (e) {
      notify(errorText(e), { type: 'error' });
    } finally {
      set('attachments', [...attachments, ...done]);
      set('uploading', false);
      if (file.current) file.current.value = '';
    }
  };
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <TextField
        select
        label={t('wz.draft.template')}
        value={chosen}
        onChange={(e) => applyTemplate(e.target.value)}
        helperText={templates.length ? t('wz.draft.templateHelp') : t('wz.draft.noTemplates')}
        disabled={!templates.length}
        slotProps={{ htmlInput: { 'data-field': 'template' } }}
      >
        {templates.map((tpl) => (
          <MenuItem key={tpl.id} value={tpl.id} data-template={tpl.title}>
            <span data-user-text>{tpl.title}</span>
            {tpl.unit ? (
              <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
                {tpl.unit.name}
              </Typography>
            ) : null}
          </MenuItem>
        ))}
      </TextField>
      <Box>
        <input
          ref={file}
          type="file"
          multiple
          hidden
          onChange={(e) => void upload(e.target.files)}
          data-testid="attachment-input"
          aria-label={t('wz.draft.attach')}
        />
        <Button variant="outlined" size="small" startIcon={<AttachFileIcon />} onClick={() => file.current?.click()} disabled={!!values.uploading}>
          {values.uploading ? t('wz.draft.uploading') : t('wz.draft.attach')}
        </Button>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {t('wz.draft.attachHelp')}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', gap: 1 }} data-testid="draft-attachments">
          {attachments.map((a) => (
            <Chip
              key={a.url}
              label={<span data-user-text>{a.name}</span>}
              onDelete={() =>
                set(
                  'attachments',
                  attachments.filter((x) => x.url !== a.url),
                )
              }
              data-name={a.name}
            />
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}
