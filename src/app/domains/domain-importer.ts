import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { driverPool } from '../database/data-source';
import { unstorableTextErrors } from '../../engine';
import type { PortfolioEntry } from './portfolio';

export interface ImportProgress {
  /** Records read so far (good and bad). */
  readonly read: number;
  readonly bad: number;
}

export interface ImportReport {
  readonly read: number;
  /** Domains new to shinsa. */
  readonly inserted: number;
  /** Domains already known whose registration data changed. */
  readonly updated: number;
  /** Domains already known with the same data (a re-import changes nothing). */
  readonly unchanged: number;
  /** A domain listed more than once in the file: the last record wins. */
  readonly duplicates: number;
  /** Records skipped as bad (each was passed to `onBad` with its line). */
  readonly bad: number;
  readonly seconds: number;
}

/** One value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character]!);
}

/**
 * Loads a portfolio into active_domains at COPY speed: the records stream into a temporary table
 * with COPY, then one INSERT … ON CONFLICT merges them, so a re-import updates and never
 * duplicates, and an interrupted import leaves nothing half-done (one transaction). Bad records
 * are collected with their line numbers and skipped.
 */
export class DomainImporter {
  constructor(private readonly dataSource: DataSource) {}

  async import(
    entries: AsyncIterable<PortfolioEntry>,
    options: { clientId: string; onBad?: (line: number, message: string) => void; onProgress?: (progress: ImportProgress) => void; progressEvery?: number },
  ): Promise<ImportReport> {
    // A domain belongs to the registrar whose portfolio lists it (a transfer moves it).
    const started = process.hrtime.bigint();
    let bad = 0;
    let read = 0;
    const every = options.progressEvery ?? 10_000;
    const client: PoolClient = await driverPool(this.dataSource).connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TEMPORARY TABLE import_staging (line integer NOT NULL, domain text NOT NULL, body jsonb NOT NULL, registered_on date, expires_on date, status text) ON COMMIT DROP`);
      const rows = async function* (): AsyncGenerator<string> {
        let batch = '';
        for await (const entry of entries) {
          read += 1;
          // The readers check every field; this guard keeps any text COPY would refuse from failing the whole import.
          const unstorable = 'error' in entry ? [] : unstorableTextErrors(entry.record);
          if ('error' in entry || unstorable.length > 0) {
            bad += 1;
            options.onBad?.(entry.line, 'error' in entry ? entry.error : unstorable.map((error) => `${error.field}: ${error.message}`).join('; '));
          } else {
            const { record } = entry;
            batch += `${entry.line}\t${copyField(record.domain)}\t${copyField(JSON.stringify(record.body))}\t${copyField(record.registeredOn)}\t${copyField(record.expiresOn)}\t${copyField(record.status)}\n`;
          }
          if (batch.length > 256 * 1024) {
            yield batch;
            batch = '';
          }
          if (read % every === 0) options.onProgress?.({ read, bad });
        }
        if (batch.length > 0) yield batch;
      };
      await pipeline(Readable.from(rows()), client.query(copyFrom('COPY import_staging (line, domain, body, registered_on, expires_on, status) FROM STDIN')));
      options.onProgress?.({ read, bad });

      const [counts] = (
        await client.query(
          `WITH latest AS (
             SELECT DISTINCT ON (domain) domain, body, registered_on, expires_on, status FROM import_staging ORDER BY domain, line DESC
           ), merged AS (
             INSERT INTO active_domains AS a (domain, client_id, source, body, registered_on, expires_on, status, created_at, updated_at)
             SELECT domain, $1::uuid, 'import', body, registered_on, expires_on, status, now(), now() FROM latest
             ON CONFLICT (domain) DO UPDATE SET
               body = EXCLUDED.body, registered_on = EXCLUDED.registered_on, expires_on = EXCLUDED.expires_on, status = EXCLUDED.status,
               client_id = EXCLUDED.client_id, updated_at = now()
             WHERE (a.body, a.registered_on, a.expires_on, a.status, a.client_id) IS DISTINCT FROM (EXCLUDED.body, EXCLUDED.registered_on, EXCLUDED.expires_on, EXCLUDED.status, EXCLUDED.client_id)
             RETURNING (xmax = 0) AS inserted
           )
           SELECT (SELECT count(*) FROM latest)::bigint AS distinct_domains,
                  count(*) FILTER (WHERE inserted)::bigint AS inserted,
                  count(*) FILTER (WHERE NOT inserted)::bigint AS updated
             FROM merged`,
          [options.clientId],
        )
      ).rows as { distinct_domains: string; inserted: string; updated: string }[];
      await client.query('COMMIT');
      // Every good record was staged.
      const staged = read - bad;
      const distinct = Number(counts!.distinct_domains);
      const inserted = Number(counts!.inserted);
      const updated = Number(counts!.updated);
      return {
        read,
        inserted,
        updated,
        unchanged: distinct - inserted - updated,
        duplicates: staged - distinct,
        bad,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
