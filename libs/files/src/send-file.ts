import type { Response } from 'express';
import type { StoredFileEntity } from './stored-file.entity';

/** Sends an attachment as a download: exact type and size, its checksum, never sniffed. */
export function sendFile(response: Response, file: StoredFileEntity): void {
  response.setHeader('Content-Type', file.contentType);
  response.setHeader('Content-Length', String(file.size));
  response.setHeader(
    'Content-Disposition',
    `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  );
  response.setHeader('X-Content-SHA256', file.sha256);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.end(file.content);
}
