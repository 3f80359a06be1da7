import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';

/**
 * The edXML status of a document at one recipient (QCVN 102:2016): 01 arrived, 02 refused,
 * 03 accepted (numbered in the recipient's incoming register), 04 waiting for assignment
 * (routed to a leader), 05 assigned and being handled (annotated, tasks running), 06 handled.
 */
export const DELIVERY_STATUSES = ['01', '02', '03', '04', '05', '06'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One recipient unit of a document issued here (liên thông nội bộ): it arrives in the unit's
 * inbox when the document is issued; the clerk accepts it — numbered in their incoming
 * register as `incomingId` — or refuses it with a reason. What happens after (03–06) is read
 * from the incoming entry; a recall (thu hồi) freezes it.
 */
@Entity({ name: 'document_deliveries' })
@Index('document_deliveries_document_unit_key', ['documentId', 'unitId'], { unique: true })
@Index('document_deliveries_arrived_idx', ['unitId'], { where: "status = '01'" })
@Check('document_deliveries_status_check', "status IN ('01', '02', '03')")
export class DocumentDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'document_deliveries_pkey' })
  id: string;

  /** The outgoing document. */
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** The recipient unit. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** 01 arrived, 02 refused, 03 accepted; later codes come from the incoming entry. */
  @Column({ type: 'char', length: 2 })
  status: '01' | '02' | '03';

  @Column({ name: 'arrived_at', type: 'timestamptz' })
  arrivedAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'refusal_reason', type: 'varchar', length: 2000, nullable: true })
  refusalReason: string | null;

  /** The entry in the recipient's incoming register, once accepted. */
  @Column({ name: 'incoming_id', type: 'uuid', nullable: true })
  incomingId: string | null;

  @ManyToOne(() => DocumentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_deliveries_document_fk' })
  document?: DocumentEntity;
}
