import type { FeedDefinition } from './feed-config';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { AuditAction, type AuditLog } from '../review/audit-log';
import type { Actor } from '../review/case-types';

/** An admin's "pull now": the pull is queued for the worker (which holds the feeds' secrets too). */
export class FeedRequests {
  constructor(
    readonly feeds: readonly FeedDefinition[],
    private readonly enqueue: (feed: string) => Promise<void>,
    private readonly audit: AuditLog,
  ) {}

  async requestPull(actor: Actor, name: string): Promise<void> {
    if (!this.feeds.some((feed) => feed.name === name)) throw new ApiError(ApiErrorCode.NotFound, `no feed named ${name} is configured`);
    try {
      await this.enqueue(name);
    } catch {
      throw new ApiError(ApiErrorCode.Unavailable, 'the queue (Redis) is unavailable; try again shortly', { retryAfterSeconds: 5 });
    }
    await this.audit.write({ actor: actor.login, action: AuditAction.FeedPullRequested, subjectType: 'feed', subjectId: name });
  }
}
