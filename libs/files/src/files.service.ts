import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { createHash } from 'node:crypto';
import { extractText } from './text-extraction';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AttachmentMeta } from './attachment-meta';
import { cleanFileName, detectContentType } from './file-type';
import { StoredFileEntity } from './stored-file.entity';

export interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export interface PreparedFile {
  fileName: string;
  contentType: string;
  text: string | null;
  content: Buffer;
}

export const toFileMeta = (f: StoredFileEntity): AttachmentMeta => ({
  id: f.id,
  fileName: f.fileName,
  contentType: f.contentType,
  size: f.size,
  sha256: f.sha256,
});

/** Stores uploads and attaches them to the records of other capabilities. */
@Injectable()
export class FilesService {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async upload(actor: Actor, file: UploadedFile | undefined): Promise<AttachmentMeta> {
    if (!file) throw new AppError('file/missing');
    if (file.size > this.config.ATTACHMENT_MAX_BYTES)
      throw new AppError('file/too_large', { maxBytes: this.config.ATTACHMENT_MAX_BYTES });
    // Multer decodes multipart file names as latin1; browsers send UTF-8.
    // Before the transaction: extracting a large PDF must not hold the quota lock.
    const { fileName, contentType, text } = await this.prepare(
      Buffer.from(file.originalname, 'latin1').toString('utf8'),
      file.buffer,
    );
    const userId = actor.principal.userId;
    const saved = await this.commands.change('file.upload', actor, async (context) => {
      const { em } = context;
      // One person's uploads one at a time, so two at once cannot both slip under the quota.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`files:${userId}`]);
      const [{ bytes }]: { bytes: string }[] = await em.query(
        'SELECT COALESCE(sum(size), 0)::text AS bytes FROM stored_files WHERE uploaded_by = $1 AND owner_type IS NULL',
        [userId],
      );
      if (Number(bytes) + file.buffer.length > this.config.ATTACHMENT_DRAFT_QUOTA_BYTES)
        throw new AppError('file/draft_quota', { maxBytes: this.config.ATTACHMENT_DRAFT_QUOTA_BYTES });
      return em.getRepository(StoredFileEntity).save({
        uploadedBy: userId,
        fileName,
        contentType,
        size: file.buffer.length,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        content: file.buffer,
        text,
        ownerType: null,
        ownerId: null,
      });
    });
    return toFileMeta(saved);
  }

  /**
   * Files that arrived with a record from outside (an edXML package), checked as an upload is
   * (size, type, text for search) before the record's transaction opens.
   */
  async prepareReceived(files: { name: string; content: Buffer }[]): Promise<PreparedFile[]> {
    return Promise.all(
      files.map(async (f) => ({ ...(await this.prepare(f.name, f.content)), content: f.content })),
    );
  }

  /** Stores prepared files as attachments of `ownerType/ownerId`, in the record's transaction. */
  async storeReceived(
    em: EntityManager,
    actor: Actor,
    files: PreparedFile[],
    ownerType: string,
    ownerId: string,
  ): Promise<AttachmentMeta[]> {
    if (files.length === 0) return [];
    const saved = await em.getRepository(StoredFileEntity).save(
      files.map((f) => ({
        uploadedBy: actor.principal.userId,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.content.length,
        sha256: createHash('sha256').update(f.content).digest('hex'),
        content: f.content,
        text: f.text,
        ownerType,
        ownerId,
      })),
    );
    return saved.map(toFileMeta);
  }

  /** One file's name cleaned, its type from its bytes (refused when not allowed), its text. */
  private async prepare(name: string, content: Buffer) {
    if (content.length > this.config.ATTACHMENT_MAX_BYTES)
      throw new AppError('file/too_large', { maxBytes: this.config.ATTACHMENT_MAX_BYTES });
    const fileName = cleanFileName(name);
    const contentType = detectContentType(fileName, content);
    if (!contentType) throw new AppError('file/type_not_allowed', { fileName });
    return { fileName, contentType, text: await extractText(contentType, content) };
  }

  /**
   * Of the owners `ownerType` (e.g. documents), those whose attachments' text matches `text`
   * (folded, without diacritics, as `stored_files_text_idx`): for search, which then keeps only
   * what the reader may read.
   */
  async ownersWithText(
    ownerType: string,
    text: string,
    limit: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows: { ownerId: string }[] = await em.query(
      `SELECT DISTINCT owner_id AS "ownerId" FROM stored_files
        WHERE text IS NOT NULL AND owner_type = $1
          AND to_tsvector('simple', lt_fold(text)) @@ websearch_to_tsquery('simple', lt_fold($2))
        LIMIT $3`,
      [ownerType, text, limit],
    );
    return rows.map((r) => r.ownerId);
  }

  /** Deletes uploads never attached to anything and older than ATTACHMENT_DRAFT_HOURS (the worker). */
  async sweepDrafts(now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM stored_files WHERE owner_type IS NULL AND created_at < $1',
      [new Date(now.getTime() - this.config.ATTACHMENT_DRAFT_HOURS * 3_600_000)],
    );
    return count;
  }

  /**
   * Attaches the actor's draft uploads to a record, inside the record's transaction. A file
   * that is someone else's, unknown or already attached is refused, so one upload never
   * ends up on two records.
   */
  async attach(
    em: EntityManager,
    actor: Actor,
    ids: string[],
    ownerType: string,
    ownerId: string,
  ): Promise<AttachmentMeta[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const files = await em.find(StoredFileEntity, {
      where: { id: In(unique), uploadedBy: actor.principal.userId },
      lock: { mode: 'pessimistic_write' },
    });
    const missing = unique.find((id) => !files.some((f) => f.id === id));
    if (missing) throw new AppError('file/not_found', { fileId: missing });
    const taken = files.find((f) => f.ownerId !== null);
    if (taken) throw new AppError('file/already_attached', { fileId: taken.id });
    await em.update(StoredFileEntity, { id: In(unique) }, { ownerType, ownerId });
    return unique.map((id) => toFileMeta(files.find((f) => f.id === id)!));
  }

  async metaOf(
    ownerType: string,
    ownerIds: string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, AttachmentMeta[]>> {
    const result = new Map<string, AttachmentMeta[]>();
    if (ownerIds.length === 0) return result;
    const files = await em.find(StoredFileEntity, {
      where: { ownerType, ownerId: In(ownerIds) },
      order: { createdAt: 'ASC' },
    });
    for (const f of files) result.set(f.ownerId!, [...(result.get(f.ownerId!) ?? []), toFileMeta(f)]);
    return result;
  }

  /** The content of a file attached to `ownerType/ownerId`; the owner's capability has checked access. */
  async content(ownerType: string, ownerId: string, fileId: string): Promise<StoredFileEntity> {
    const file = await this.dataSource
      .getRepository(StoredFileEntity)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.id = :fileId AND f.owner_type = :ownerType AND f.owner_id = :ownerId', {
        fileId,
        ownerType,
        ownerId,
      })
      .getOne();
    if (!file) throw new AppError('file/not_found');
    return file;
  }
}
