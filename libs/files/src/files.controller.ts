import { Controller, HttpCode, Post, UploadedFile as Upload, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor, PostingLimit } from '@lt/auth';
import type { AttachmentMeta } from './attachment-meta';
import { FilesService, UploadedFile } from './files.service';

@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @PostingLimit('upload')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiOperation({
    summary:
      'Upload an attachment (PDF, Word, Excel, OpenDocument, PNG/JPEG, text); attach it by id afterwards',
  })
  @ApiCreatedResponse({ description: '{ id, fileName, contentType, size, sha256 }' })
  upload(@CurrentActor() actor: Actor, @Upload() file: UploadedFile | undefined): Promise<AttachmentMeta> {
    return this.files.upload(actor, file);
  }
}
