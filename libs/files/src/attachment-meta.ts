import { type Static, Type } from '@sinclair/typebox';

/**
 * An attached file as every capability shows it (REST answers and socket events alike).
 * A TypeBox schema, so the AsyncAPI document describes it from this one declaration; it
 * imports nothing but TypeBox, so the browser app takes it as it is.
 */
export const AttachmentMeta = Type.Object(
  {
    id: Type.String({ description: 'Attachment id.', format: 'uuid' }),
    fileName: Type.String({ description: 'Original file name. / Tên tệp.' }),
    contentType: Type.String({ description: 'MIME type, e.g. `application/pdf`.' }),
    size: Type.Integer({ description: 'Size in bytes. / Kích thước (byte).', minimum: 0 }),
    sha256: Type.String({ description: 'SHA-256 digest of the content. / Mã băm SHA-256 của nội dung.' }),
  },
  {
    $id: 'AttachmentMeta',
    description: 'An attached file; download it over REST. / Tệp đính kèm; tải qua REST.',
  },
);
export type AttachmentMeta = Static<typeof AttachmentMeta>;
