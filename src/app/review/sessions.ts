import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Reviewer, ReviewerRole } from './reviewers';
import { query } from '../database/query';

export interface ReviewSession {
  readonly reviewer: Reviewer;
  /** Sent back in every form (`_csrf`); a post without it, or with another, is refused. */
  readonly csrfToken: string;
}

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Reviewer sessions in PostgreSQL (any api process can serve any request): the cookie carries a
 * random token, the table only its hash and the session's CSRF token.
 */
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ttlHours: number,
  ) {}

  async create(reviewerId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlHours * 3_600_000);
    await this.dataSource.query(`INSERT INTO reviewer_sessions (token_hash, reviewer_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, now(), $4)`, [
      hashOf(token),
      reviewerId,
      randomBytes(24).toString('base64url'),
      expiresAt,
    ]);
    // Expired sessions are cleared as new ones start.
    await this.dataSource.query('DELETE FROM reviewer_sessions WHERE expires_at < now()');
    return { token, expiresAt };
  }

  async find(token: string | undefined): Promise<ReviewSession | null> {
    if (!token || token.length > 100) return null;
    const rows = await query<{ csrf_token: string; id: string; login: string; display_name: string; role: ReviewerRole; created_at: Date }>(
      this.dataSource,
      `SELECT s.csrf_token, r.id, r.login, r.display_name, r.role, r.created_at
         FROM reviewer_sessions s JOIN reviewers r ON r.id = s.reviewer_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND r.disabled_at IS NULL`,
      [hashOf(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return { csrfToken: row.csrf_token, reviewer: { id: row.id, login: row.login, displayName: row.display_name, role: row.role, disabled: false, createdAt: row.created_at } };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.dataSource.query('DELETE FROM reviewer_sessions WHERE token_hash = $1', [hashOf(token)]);
  }
}

export function csrfMatches(session: ReviewSession, given: unknown): boolean {
  return tokensMatch(session.csrfToken, given);
}

/** A form's token against the one shinsa issued, in constant time; an empty or missing expected token never matches. */
export function tokensMatch(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
