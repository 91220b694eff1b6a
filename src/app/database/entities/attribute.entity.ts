import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A normalised, hashed attribute of an application, for linkage look-ups in time windows. */
@Entity({ name: 'attributes' })
export class AttributeEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: string;

  @PrimaryColumn({ name: 'value_hash', type: 'bytea' })
  valueHash!: Buffer;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
