import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A registrar or hosting provider that calls the webhook. */
@Entity({ name: 'api_clients' })
export class ApiClientEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ name: 'key_id', type: 'text', unique: true })
  keyId!: string;

  @Column({ name: 'callback_url', type: 'text', nullable: true })
  callbackUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}

/** One signing secret of a client, encrypted with the master key; two may be active at once. */
@Entity({ name: 'api_client_secrets' })
export class ApiClientSecretEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'secret_sealed', type: 'bytea' })
  secretSealed!: Buffer;

  /** `request`: signs the client's requests to shinsa; `callback`: a `whsec_` secret signing shinsa's callbacks. */
  @Column({ type: 'text', default: 'request' })
  purpose!: 'request' | 'callback';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
