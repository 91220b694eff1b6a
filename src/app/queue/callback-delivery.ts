import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ClientDirectory } from '../clients/client-directory';
import { signedHeaders } from '../crypto/signature';

export enum DeliveryStatus {
  Delivered = 'delivered',
  AlreadyDelivered = 'already-delivered',
  NoCallbackUrl = 'no-callback-url',
  UnknownEvent = 'unknown-event',
}

export enum CallbackErrorCode {
  Rejected = 'CALLBACK_REJECTED',
  Unreachable = 'CALLBACK_UNREACHABLE',
}

/** A delivery attempt that failed; the queue retries it with backoff. */
export class CallbackError extends Error {
  constructor(
    readonly code: CallbackErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackError';
  }
}

/** Header carrying the outbox id: receivers deduplicate on it (a delivery may arrive twice). */
export const DELIVERY_ID_HEADER = 'x-shinsa-delivery-id';

/** Delivers one outbox event as a signed POST to the client's callback URL, recording the attempt. */
export class CallbackDelivery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: Pick<ClientDirectory, 'findById'>,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  async deliver(outboxId: string, attempt: number): Promise<DeliveryStatus> {
    const rows: { topic: string; client_id: string; payload: Record<string, unknown>; created_at: Date; delivered_at: Date | null }[] = await this.dataSource.query(
      'SELECT topic, client_id, payload, created_at, delivered_at FROM outbox WHERE id = $1',
      [outboxId],
    );
    const event = rows[0];
    if (!event) return DeliveryStatus.UnknownEvent;
    if (event.delivered_at) return DeliveryStatus.AlreadyDelivered;
    const client = await this.clients.findById(event.client_id);
    if (!client?.callbackUrl || client.secrets.length === 0) {
      await this.dataSource.query(`UPDATE outbox SET delivery_state = 'no-callback-url' WHERE id = $1`, [outboxId]);
      return DeliveryStatus.NoCallbackUrl;
    }
    const body = JSON.stringify({ deliveryId: outboxId, type: event.topic, occurredAt: event.created_at.toISOString(), data: event.payload });
    const startedAt = new Date();
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      const response = await fetch(client.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [DELIVERY_ID_HEADER]: outboxId, ...signedHeaders(client.keyId, client.secrets[0]!, body) },
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
    const durationMs = Date.now() - startedAt.getTime();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'INSERT INTO callback_attempts (outbox_id, attempt, started_at, duration_ms, status_code, error, succeeded) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [outboxId, attempt, startedAt, durationMs, statusCode, failure, failure === null],
      );
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
