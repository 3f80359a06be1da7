import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The deployment's own certificate authority, created at first start. Its private key is
 * kept encrypted (AES-256-GCM under a key derived from CA_KEY_SECRET) and never leaves the
 * server; its certificate is public (GET /signing/ca).
 */
@Entity({ name: 'signing_authorities' })
export class SigningAuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'certificate_der', type: 'bytea' })
  certificateDer: Buffer;

  /** iv (12 bytes) ‖ GCM tag (16 bytes) ‖ encrypted PKCS#8 private key. */
  @Column({ name: 'private_key_sealed', type: 'bytea' })
  privateKeySealed: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
