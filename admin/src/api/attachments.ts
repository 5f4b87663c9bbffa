/**
 * Attachments: files go to the server (POST /attachments?messageId=…, the body is the file; docs/attachments.md),
 * which keeps them under DATA_DIR and serves them only to those who may see the message. The console sends the
 * returned name and address with a reply, and opens a file with the session's token.
 */
import { ApiError, loadSession, renewSession } from './client';

export interface UploadedAttachment {
  name: string;
  url: string;
  size: number;
  contentType: string;
}

async function token(): Promise<string> {
  let s = loadSession();
  if (s && Date.parse(s.accessTokenExpiresAt) - Date.now() < 60_000) s = await renewSession();
  return s?.accessToken ?? '';
}

async function failure(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => ({}));
  const err = body?.errors?.[0] ?? {};
  return new ApiError(
    err.message ?? `HTTP ${res.status}`,
    err.extensions?.code ?? (res.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNKNOWN'),
    res.status,
    err.extensions ?? {},
  );
}

export async function uploadAttachment(messageId: string, file: File): Promise<UploadedAttachment> {
  let res: Response;
  try {
    res = await fetch(`/attachments?messageId=${encodeURIComponent(messageId)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token()}`,
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
      },
      body: file,
    });
  } catch {
    throw new ApiError('network', 'NETWORK', 0, {});
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as UploadedAttachment;
}

/** Opens an attachment of a message (fetched with the token, shown or saved by the browser). */
export async function openAttachment(url: string, name: string): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${await token()}` } }).catch(() => null);
  if (!res) throw new ApiError('network', 'NETWORK', 0, {});
  if (!res.ok) throw await failure(res);
  const blob = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: blob, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blob), 10_000);
}
