/**
 * Attachments kept by the server (docs/attachments.md): staff upload a file for a message they may see; it is
 * checked (size, kind by its first bytes), written under DATA_DIR/attachments/ and recorded; it is served only
 * to staff who may see that message (outside their reach it answers like a missing file).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { StaffViewer } from '../../auth/viewer';
import { badInput, ErrorReason, notFound } from '../../graphql/errors';
import type { MessageService } from '../message/message.service';
import { sniffContentType } from './file-types';
import { StoredFile } from './stored-file.entity';

/** Largest file accepted (bytes). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Files one message may hold. */
export const ATTACHMENTS_PER_MESSAGE = 50;

export interface UploadedAttachment {
  name: string;
  url: string;
  size: number;
  contentType: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A file name as it is shown and saved: its last path part, control characters removed, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop()!.replace(CONTROL_CHARACTERS, '').trim();
  return (base || 'file').slice(-200);
}

export class AttachmentService {
  readonly dir: string;

  constructor(
    private readonly ds: DataSource,
    private readonly messages: MessageService,
    dataDir: string,
  ) {
    this.dir = path.join(dataDir, 'attachments');
  }

  async upload(viewer: StaffViewer, messageId: number, rawName: string, body: Buffer): Promise<UploadedAttachment> {
    await this.messages.getVisible(viewer, messageId);
    const name = cleanFileName(rawName);
    if (body.length === 0) throw badInput('file', '文件为空 (empty file)', { reason: ErrorReason.FILE_TYPE_NOT_ALLOWED, params: { name } });
    if (body.length > ATTACHMENT_MAX_BYTES) {
      throw badInput('file', `文件超过 ${ATTACHMENT_MAX_BYTES / 1048576} MB (file too large)`, {
        reason: ErrorReason.FILE_TOO_LARGE,
        params: { name, maxMb: ATTACHMENT_MAX_BYTES / 1048576 },
      });
    }
    const contentType = sniffContentType(name, body);
    if (!contentType) throw badInput('file', '不支持的文件类型 (file type not accepted)', { reason: ErrorReason.FILE_TYPE_NOT_ALLOWED, params: { name } });
    const repo = this.ds.getRepository(StoredFile);
    if ((await repo.countBy({ messageId })) >= ATTACHMENTS_PER_MESSAGE) {
      throw badInput('file', `每条留言最多 ${ATTACHMENTS_PER_MESSAGE} 个附件 (too many files)`, {
        reason: ErrorReason.TOO_MANY_FILES,
        params: { max: ATTACHMENTS_PER_MESSAGE },
      });
    }
    const token = randomBytes(16).toString('hex');
    await fs.promises.mkdir(this.dir, { recursive: true });
    // Written under a temporary name and renamed: a file is either whole or absent.
    const tmp = path.join(this.dir, `.${token}.part`);
    await fs.promises.writeFile(tmp, body, { flag: 'wx' });
    await fs.promises.rename(tmp, path.join(this.dir, token));
    try {
      await repo.insert({ token, messageId, name, contentType, size: body.length, uploadedById: viewer.userId });
    } catch (e) {
      await fs.promises.rm(path.join(this.dir, token), { force: true });
      throw e;
    }
    return { name, url: `/attachments/${token}`, size: body.length, contentType };
  }

  /** The file and where its bytes are, for a viewer who may see its message; NOT_FOUND otherwise. */
  async open(viewer: StaffViewer, token: string): Promise<{ file: StoredFile; path: string }> {
    const file = /^[0-9a-f]{32}$/.test(token) ? await this.ds.getRepository(StoredFile).findOneBy({ token }) : null;
    if (!file) throw notFound('Attachment', token);
    // Outside the viewer's reach the file answers exactly like a missing one.
    try {
      await this.messages.getVisible(viewer, file.messageId);
    } catch {
      throw notFound('Attachment', token);
    }
    return { file, path: path.join(this.dir, file.token) };
  }
}
