import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Application } from '../../../engine';
import type { Hit, Outcome } from '../../../engine';

/** One screened signup, as the client sent it (after validation). */
@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ type: 'text' })
  product!: string;

  @Column({ name: 'domain_name', type: 'text', nullable: true })
  domainName!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** The signup's source address exactly as given, and its port (CGNAT: the address alone is not a subscriber). */
  @Column({ name: 'signup_ip', type: 'text', nullable: true })
  signupIp!: string | null;

  @Column({ name: 'signup_port', type: 'integer', nullable: true })
  signupPort!: number | null;

  @Column({ name: 'signup_at', type: 'timestamptz', nullable: true })
  signupAt!: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'jsonb' })
  body!: Application;
}

/** An assessment is never updated: a rescan or replay adds a new one. */
@Entity({ name: 'assessments' })
export class AssessmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ type: 'text' })
  trigger!: string;

  @Column({ name: 'rules_version', type: 'text' })
  rulesVersion!: string;

  @Column({ type: 'text' })
  outcome!: Outcome;

  @Column({ type: 'integer' })
  score!: number;

  @Column({ type: 'jsonb' })
  hits!: Hit[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
