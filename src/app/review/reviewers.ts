import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditAction, AuditLog } from './audit-log';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './passwords';
import { query } from '../database/query';

export const REVIEWER_ROLES = ['reviewer', 'lead', 'admin'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

/** What a reviewer may do, by role: a lead does what a reviewer does, an admin what a lead does. */
const RANK: Readonly<Record<ReviewerRole, number>> = { reviewer: 0, lead: 1, admin: 2 };
export function hasRole(reviewer: Pick<Reviewer, 'role'>, needed: ReviewerRole): boolean {
  return RANK[reviewer.role] >= RANK[needed];
}

export interface Reviewer {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
  readonly role: ReviewerRole;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** A mistake the operator can fix (a taken login, a short password): the message says which. */
export class ReviewerError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReviewerError';
  }
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD_LENGTH = 12;

interface ReviewerRow {
  id: string;
  login: string;
  display_name: string;
  role: ReviewerRole;
  disabled_at: Date | null;
  created_at: Date;
  password_hash: string;
}

function toReviewer(row: ReviewerRow): Reviewer {
  return { id: row.id, login: row.login, displayName: row.display_name, role: row.role, disabled: row.disabled_at !== null, createdAt: row.created_at };
}

/** Local reviewer accounts: scrypt password hashes, roles, disabling (accounts are never deleted: events name them). */
export class ReviewerDirectory {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditLog(dataSource);
  }

  /**
   * Creates an account; without a password one is generated and returned (shown once). `actor`
   * (an admin's login, `cli`, `shinsa up`) is written to the audit log with the account.
   */
  async add(input: { login: string; role: string; displayName?: string; password?: string }, actor: string): Promise<{ reviewer: Reviewer; password: string }> {
    const login = input.login.trim().toLowerCase();
    if (!LOGIN.test(login)) throw new ReviewerError('login', 'login must be 2–64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
    if (!(REVIEWER_ROLES as readonly string[]).includes(input.role)) throw new ReviewerError('role', `role must be one of ${REVIEWER_ROLES.join(', ')}`);
    const password = input.password ?? generatePassword();
    if (password.length < MIN_PASSWORD_LENGTH) throw new ReviewerError('password', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const displayName = (input.displayName ?? login).trim().slice(0, 100) || login;
    const passwordHash = await hashPassword(password);
    const reviewer = await this.dataSource.transaction(async (manager) => {
      const rows = await query<ReviewerRow>(
        manager,
        `INSERT INTO reviewers (id, login, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (login) DO NOTHING RETURNING *`,
        [randomUUID(), login, displayName, input.role, passwordHash],
      );
      if (!rows[0]) throw new ReviewerError('login', `a reviewer with login ${login} already exists`);
      const created = toReviewer(rows[0]);
      await this.audit.write({ actor, action: AuditAction.ReviewerAdded, subjectType: 'reviewer', subjectId: created.id, detail: { role: created.role } }, manager);
      return created;
    });
    return { reviewer, password };
  }

  /** The account for this login and password, or null (unknown login, wrong password, disabled). */
  async authenticate(login: string, password: string): Promise<Reviewer | null> {
    const rows = await query<ReviewerRow>(this.dataSource, 'SELECT * FROM reviewers WHERE login = $1', [login.trim().toLowerCase()]);
    const row = rows[0];
    const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    if (!row || !matches || row.disabled_at !== null) return null;
    return toReviewer(row);
  }

  async list(): Promise<Reviewer[]> {
    const rows = await query<ReviewerRow>(this.dataSource, 'SELECT * FROM reviewers ORDER BY login');
    return rows.map(toReviewer);
  }

  async find(id: string): Promise<Reviewer | null> {
    const rows = await query<ReviewerRow>(this.dataSource, 'SELECT * FROM reviewers WHERE id = $1', [id]);
    return rows[0] ? toReviewer(rows[0]) : null;
  }

  /** Disables or re-enables an account (audited as `actor`'s); disabling also ends its sessions. */
  async setDisabled(id: string, disabled: boolean, actor: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, count]: [unknown, number] = await manager.query(`UPDATE reviewers SET disabled_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE id = $1`, [id, disabled]);
      if (count === 0) return false;
      if (disabled) await manager.query('DELETE FROM reviewer_sessions WHERE reviewer_id = $1', [id]);
      await this.audit.write({ actor, action: disabled ? AuditAction.ReviewerDisabled : AuditAction.ReviewerEnabled, subjectType: 'reviewer', subjectId: id }, manager);
      return true;
    });
  }
}
