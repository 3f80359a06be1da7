import { UserEntity } from '@lt/people';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * An uploaded attachment. It starts as the uploader's draft and is attached to exactly one
 * record (a directive, later a task or a message), whose capability then decides who may
 * read it. Content is kept in PostgreSQL with its sha256, so backups and integrity checks
 * cover attachments like every other record.
 */
@Entity({ name: 'stored_files' })
@Index('stored_files_owner_idx', ['ownerType', 'ownerId'])
// Drafts (not attached yet): each person's quota, and the worker's sweep.
// GIN over the folded text (search), created by hand in migration AttachmentText.
@Index('stored_files_text_idx', { synchronize: false })
@Index('stored_files_drafts_idx', ['uploadedBy', 'createdAt'], { where: 'owner_type IS NULL' })
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'file_name', type: 'varchar', length: 200 })
  fileName: string;

  /** Detected from the content, never taken from the client's claim. */
  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  /** What the file is attached to (`directive`), or null while it is a draft. */
  /** The text it carries (PDF, DOCX, ODT, plain text), for search; never sent with the file's metadata. */
  @Column({ type: 'text', nullable: true, select: false })
  text: string | null;

  @Column({ name: 'owner_type', type: 'varchar', length: 32, nullable: true })
  ownerType: string | null;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'stored_files_uploader_fk' })
  uploader?: UserEntity;
}
