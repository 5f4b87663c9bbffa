/**
 * HTTP routes of attachments (a file is not a GraphQL value):
 *   POST /attachments?messageId=<id>   the body is the file; headers content-type and x-file-name (URI-encoded);
 *                                      answers { name, url, size, contentType }
 *   GET  /attachments/<token>          the file, as a download, to staff who may see its message
 * Both need the staff bearer token; errors are GraphQL-shaped ({ errors: [{ message, extensions }] }).
 */
import express, { type Express, type Request, type Response } from 'express';
import { Permission } from '../../auth/permissions';
import { exportViewer } from '../../common/csvExport';
import { sendHttpError } from '../../common/httpErrors';
import { notFound } from '../../graphql/errors';
import { parseId } from '../../common/text';
import type { ViewerSource } from '../../common/csvExport';
import { ATTACHMENT_MAX_BYTES, type AttachmentService } from './attachment.service';

export function registerAttachmentRoutes(app: Express, services: ViewerSource & { attachments: AttachmentService }) {
  // A little over the limit is read so that a file just over it is refused by the service, in words, not by the parser.
  const raw = express.raw({ type: () => true, limit: ATTACHMENT_MAX_BYTES + 1 });
  app.post(
    '/attachments',
    (req: Request, res: Response, next) => {
      raw(req, res, (err?: unknown) => {
        if (err) {
          const tooLarge = (err as { type?: string }).type === 'entity.too.large';
          return res.status(tooLarge ? 413 : 400).json({
            errors: [
              {
                message: tooLarge ? 'file too large' : 'bad upload',
                extensions: tooLarge
                  ? {
                      code: 'BAD_USER_INPUT',
                      field: 'file',
                      reason: 'FILE_TOO_LARGE',
                      params: { name: fileName(req), maxMb: ATTACHMENT_MAX_BYTES / 1048576 },
                    }
                  : { code: 'BAD_USER_INPUT', field: 'file' },
              },
            ],
          });
        }
        next();
      });
    },
    async (req: Request, res: Response) => {
      const viewer = await exportViewer(services, req, res, Permission.MESSAGE_ACT);
      if (!viewer) return;
      try {
        const messageId = parseId('messageId', String(req.query.messageId ?? ''));
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        res.status(201).json(await services.attachments.upload(viewer, messageId, fileName(req), body));
      } catch (e) {
        sendHttpError(res, e);
      }
    },
  );

  app.get('/attachments/:token', async (req: Request, res: Response) => {
    const viewer = await exportViewer(services, req, res, Permission.MESSAGE_READ);
    if (!viewer) return;
    let opened;
    try {
      opened = await services.attachments.open(viewer, String(req.params.token));
    } catch (e) {
      return sendHttpError(res, e);
    }
    res.setHeader('content-type', opened.file.contentType);
    res.setHeader('content-length', String(opened.file.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(opened.file.name)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, no-store');
    res.sendFile(opened.path, (err) => {
      if (err && !res.headersSent) sendHttpError(res, notFound('Attachment'));
    });
  });
}

function fileName(req: Request): string {
  const raw = String(req.headers['x-file-name'] ?? 'file');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
