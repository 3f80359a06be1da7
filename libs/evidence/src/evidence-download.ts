import { applyDecorators, Get, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Authenticated } from '@lt/auth';
import type { EvidencePackage } from './evidence-packages';

/** A signed-in GET answering an item's evidence package (a tar), for whoever may read the item. */
export const EvidenceDownload = (path: string, what: string) =>
  applyDecorators(
    Get(path),
    Authenticated(),
    ApiOperation({
      summary: `Evidence package of ${what} (hồ sơ chứng cứ): summary, events, signatures, CRL, audit chain — a tar that npm run evidence:verify checks offline; audited`,
    }),
    ApiProduces('application/x-tar'),
    ApiOkResponse({ content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } } }),
  );

export function evidenceFile(evidence: EvidencePackage): StreamableFile {
  return new StreamableFile(evidence.archive, {
    type: 'application/x-tar',
    length: evidence.archive.length,
    disposition: `attachment; filename="${evidence.fileName}"`,
  });
}
