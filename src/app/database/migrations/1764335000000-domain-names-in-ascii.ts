import type { MigrationInterface, QueryRunner } from 'typeorm';
import { storedDomainName } from '../../intake/stored-domain-name';

/**
 * Issue 18: a domain name is stored in one form everywhere — the engine's lower-case ASCII
 * (punycode) form. The webhook used to store an IDN as sent (`例え.jp`) while the portfolio import
 * stored punycode (`xn--r8jz45g.jp`), so one name could become two active domains. Names stored in
 * Unicode are rewritten; an active domain that now has a twin keeps the twin (the import's row),
 * which takes over the application it pointed at if it had none.
 */
export class DomainNamesInAscii1764335000000 implements MigrationInterface {
  name = 'DomainNamesInAscii1764335000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const applications: { id: string; domain_name: string }[] = await queryRunner.query(`SELECT id::text AS id, domain_name FROM applications WHERE domain_name ~ '[^\\x01-\\x7f]' OR domain_name <> lower(domain_name)`);
    for (const row of applications) {
      const ascii = storedDomainName(row.domain_name);
      if (ascii !== row.domain_name) await queryRunner.query('UPDATE applications SET domain_name = $2 WHERE id = $1', [row.id, ascii]);
    }
    const active: { id: string; domain: string; application_id: string | null }[] = await queryRunner.query(
      `SELECT id::text AS id, domain, application_id::text AS application_id FROM active_domains WHERE domain ~ '[^\\x01-\\x7f]' OR domain <> lower(domain)`,
    );
    for (const row of active) {
      const ascii = storedDomainName(row.domain);
      if (ascii === row.domain) continue;
      const [twin]: { id: string }[] = await queryRunner.query('SELECT id::text AS id FROM active_domains WHERE domain = $1', [ascii]);
      if (!twin) {
        await queryRunner.query('UPDATE active_domains SET domain = $2 WHERE id = $1', [row.id, ascii]);
        continue;
      }
      if (row.application_id) await queryRunner.query('UPDATE active_domains SET application_id = $2 WHERE id = $1 AND application_id IS NULL', [twin.id, row.application_id]);
      await queryRunner.query('DELETE FROM active_domains WHERE id = $1', [row.id]);
    }
  }

  async down(): Promise<void> {
    // The Unicode forms are not kept: nothing to restore, and ASCII names work with older code.
  }
}
