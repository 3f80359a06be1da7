import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Get,
  Injectable,
  NestInterceptor,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiProperty } from '@nestjs/swagger';
import { Authenticated } from '@lt/auth';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { ApiAttachmentResponse } from './file.dto';
import { StoredFileEntity } from './stored-file.entity';

/** The path of an attachment's download: the item it is attached to, and the file. */
export class AttachmentParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  fileId: string;
}

/** Sends the stored file a download handler returns, with its checksum, never sniffed. */
@Injectable()
export class StoredFileDownload implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<StoredFileEntity>): Observable<StreamableFile> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((file) => {
        response.setHeader('X-Content-SHA256', file.sha256);
        response.setHeader('X-Content-Type-Options', 'nosniff');
        return new StreamableFile(file.content, {
          type: file.contentType,
          length: file.size,
          disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        });
      }),
    );
  }
}

/**
 * A signed-in GET that answers a file: the handler returns the StoredFileEntity it may
 * show (its own access check), and the file goes out with its exact type, size and name.
 */
export const AttachmentDownload = (path: string, summary: string) =>
  applyDecorators(
    Get(path),
    Authenticated(),
    ApiOperation({ summary }),
    ApiAttachmentResponse(),
    UseInterceptors(StoredFileDownload),
  );
