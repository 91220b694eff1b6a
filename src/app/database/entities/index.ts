import { ApiClientEntity, ApiClientSecretEntity } from './api-client.entity';
import { ApplicationEntity, AssessmentEntity } from './application.entity';
import { AttributeEntity } from './attribute.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { CallbackAttemptEntity, OutboxEntity } from './outbox.entity';
import { CaseEventEntity, ReviewCaseEntity } from './review-case.entity';

;

export const ENTITIES = [
  ApiClientEntity,
  ApiClientSecretEntity,
  ApplicationEntity,
  AssessmentEntity,
  AttributeEntity,
  CallbackAttemptEntity,
  CaseEventEntity,
  IdempotencyKeyEntity,
  OutboxEntity,
  ReviewCaseEntity,
];
