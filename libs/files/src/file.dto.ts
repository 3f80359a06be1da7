import { ApiProperty } from '@nestjs/swagger';
import { ApiFileResponse } from '@lt/common';
import type { AttachmentMeta } from './attachment-meta';

/** An uploaded file as records carry it (AttachmentMeta of the event contract). */
export class AttachmentMetaDto implements AttachmentMeta {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'cong-van-29.pdf' }) fileName: string;
  @ApiProperty({ example: 'application/pdf', description: 'Detected from the content, not the name' })
  contentType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
}

/** A route answering an attachment through `sendFile`: its bytes, as the type it was stored with. */
export const ApiAttachmentResponse = () =>
  ApiFileResponse(
    'The file (Content-Type as stored, X-Content-SHA256 its checksum)',
    'application/octet-stream',
  );
