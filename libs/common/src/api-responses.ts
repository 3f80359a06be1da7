import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A route that answers a file (an export, a certificate, an attachment) rather than JSON. */
export const ApiFileResponse = (description: string, ...contentTypes: string[]) =>
  applyDecorators(
    ApiProduces(...contentTypes),
    ApiOkResponse({
      description,
      content: Object.fromEntries(
        contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
      ),
    }),
  );
