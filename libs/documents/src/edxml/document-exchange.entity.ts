import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { DocumentEntity } from '../document.entity';

/**
 * A document received from a system outside by edXML: the incoming entry it became, who sent
 * it (their OrganId and their DocumentId, once per unit), the certificate that signed it, and
 * the package exactly as received, so its signature can be checked again at any time.
 */
@Entity({ name: 'document_exchanges' })
@Index('document_exchanges_peer_key', ['unitId', 'peerOrganId', 'peerDocumentId'], { unique: true })
@Index('document_exchanges_document_key', ['documentId'], { unique: true })
export class DocumentExchangeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_exchanges_pkey' })
  id: string;

  /** The incoming entry. */
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'peer_organ_id', type: 'char', length: 13 })
  peerOrganId: string;

  @Column({ name: 'peer_organ_name', type: 'varchar', length: 200 })
  peerOrganName: string;

  @Column({ name: 'peer_document_id', type: 'varchar', length: 100 })
  peerDocumentId: string;

  @Column({ name: 'signer_subject', type: 'varchar', length: 1000 })
  signerSubject: string;

  /** SHA-256 of the signing certificate (DER), hex. */
  @Column({ name: 'signer_thumbprint', type: 'char', length: 64 })
  signerThumbprint: string;

  @Column({ name: 'package_sha256', type: 'char', length: 64 })
  packageSha256: string;

  @Column({ type: 'bytea', select: false })
  package: Buffer;

  @Column({ name: 'received_by', type: 'uuid' })
  receivedBy: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_exchanges_document_fk' })
  document?: DocumentEntity;
}

/**
 * The last edXML status (01–06) an agency outside reported for a document issued here, by
 * its own clock; each report is also in the audit chain.
 */
@Entity({ name: 'document_external_statuses' })
@Check('document_external_statuses_status_check', "status IN ('01', '02', '03', '04', '05', '06')")
export class DocumentExternalStatusEntity {
  @PrimaryColumn({
    name: 'document_id',
    type: 'uuid',
    primaryKeyConstraintName: 'document_external_statuses_pkey',
  })
  documentId: string;

  @PrimaryColumn({
    name: 'organ_id',
    type: 'char',
    length: 13,
    primaryKeyConstraintName: 'document_external_statuses_pkey',
  })
  organId: string;

  @Column({ name: 'organ_name', type: 'varchar', length: 200 })
  organName: string;

  @Column({ type: 'char', length: 2 })
  status: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  staff: string | null;

  /** When the agency says it happened. */
  @Column({ name: 'status_at', type: 'timestamptz' })
  statusAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_external_statuses_document_fk' })
  document?: DocumentEntity;
}
