import { CodedError } from '../../engine/errors';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ClientDirectory } from '../clients/client-directory';
import { webhookHeaders } from '../crypto/standard-webhooks';
import { query } from '../database/query';

export enum DeliveryStatus {
  Delivered = 'delivered',
  AlreadyDelivered = 'already-delivered',
  NoCallbackUrl = 'no-callback-url',
  NoCallbackSecret = 'no-callback-secret',
  UnknownEvent = 'unknown-event',
}

export enum CallbackErrorCode {
  Rejected = 'CALLBACK_REJECTED',
  Unreachable = 'CALLBACK_UNREACHABLE',
}

/** A delivery attempt that failed; the queue retries it with backoff. */
export class CallbackError extends CodedError<CallbackErrorCode> {}

/** The Standard Webhooks message id of an outbox event: the same on every attempt, so receivers deduplicate on it. */
export function webhookId(outboxId: string): string {
  return `msg_${outboxId}`;
}

/**
 * Delivers one outbox event to the client's callback URL as a Standard Webhooks message
 * (`{"type","timestamp","data"}`, signed with the endpoint's `whsec_` secrets). The attempt is
 * recorded before the HTTP call and closed after it, so a delivery cut off by a killed worker is
 * on record as an open attempt.
 */
export class CallbackDelivery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: Pick<ClientDirectory, 'findById'>,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  async deliver(outboxId: string, attempt: number): Promise<DeliveryStatus> {
    const rows = await query<{ topic: string; client_id: string; payload: Record<string, unknown>; created_at: Date; delivered_at: Date | null }>(
      this.dataSource,
      'SELECT topic, client_id, payload, created_at, delivered_at FROM outbox WHERE id = $1',
      [outboxId],
    );
    const event = rows[0];
    if (!event) return DeliveryStatus.UnknownEvent;
    if (event.delivered_at) return DeliveryStatus.AlreadyDelivered;
    const client = await this.clients.findById(event.client_id);
    if (!client?.callbackUrl) {
      await this.dataSource.query(`UPDATE outbox SET delivery_state = 'no-callback-url' WHERE id = $1`, [outboxId]);
      return DeliveryStatus.NoCallbackUrl;
    }
    if (client.callbackSecrets.length === 0) {
      // Nothing unsigned ever leaves: the operator issues one (`shinsa clients rotate KEY_ID --callback`).
      await this.dataSource.query(`UPDATE outbox SET delivery_state = 'no-callback-secret' WHERE id = $1`, [outboxId]);
      this.logger.warn({ keyId: client.keyId }, 'a callback was not sent: the client has a callback URL but no callback secret');
      return DeliveryStatus.NoCallbackSecret;
    }
    const id = webhookId(outboxId);
    const body = JSON.stringify({ type: event.topic, timestamp: event.created_at.toISOString(), data: event.payload });
    const startedAt = new Date();
    const [opened] = await query<{ id: string }>(
      this.dataSource,
      'INSERT INTO callback_attempts (outbox_id, attempt, started_at, webhook_id) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
      [outboxId, attempt, startedAt, id],
    );
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      const response = await fetch(client.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhookHeaders(client.callbackSecrets, id, body) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : `unreachable: ${(error as Error).message}`;
    }
    const finishedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE callback_attempts SET finished_at = $2, duration_ms = $3, status_code = $4, error = $5, succeeded = $6 WHERE id = $1', [
        opened!.id,
        finishedAt,
        finishedAt.getTime() - startedAt.getTime(),
        statusCode,
        failure,
        failure === null,
      ]);
      if (failure === null) await manager.query(`UPDATE outbox SET delivered_at = now(), delivery_state = 'delivered' WHERE id = $1`, [outboxId]);
      else await manager.query(`UPDATE outbox SET delivery_state = 'retrying' WHERE id = $1`, [outboxId]);
    });
    if (failure !== null) {
      throw new CallbackError(statusCode === null ? CallbackErrorCode.Unreachable : CallbackErrorCode.Rejected, `callback for delivery ${outboxId} failed: ${failure}`);
    }
    return DeliveryStatus.Delivered;
  }

  /** After the last retry: the event stays in the outbox, marked failed, for an operator to replay. */
  async giveUp(outboxId: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET delivery_state = 'failed' WHERE id = $1 AND delivered_at IS NULL`, [outboxId]);
    this.logger.warn({ outboxId }, 'callback delivery failed after the last attempt');
  }
}
