import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A normalised, hashed attribute of an application, for linkage look-ups in time windows. */
@Entity({ name: 'attributes' })
export class AttributeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'value_hash', type: 'bytea' })
  valueHash!: Buffer;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
