import type { EntityManager } from 'typeorm';
import type { OutboxPayload } from '../contract/callbacks';
import type { OutboxTopic } from '../intake/screening-response';

/**
 * Adds one event for the registrar to the outbox, inside the caller's transaction: the relay turns
 * it into a signed callback once the transaction commits, so an event exists exactly when its change does.
 */
export async function appendOutbox<T extends OutboxTopic>(
  manager: EntityManager,
  event: { readonly topic: T; readonly clientId: string; readonly applicationId: string; readonly payload: OutboxPayload<T>; readonly at: Date },
): Promise<void> {
  await manager.query(`INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)`, [event.topic, event.clientId, event.applicationId, event.payload, event.at]);
}
