import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Application } from '../../engine';
import type { HashedAttribute } from '../linkage/linkage-lookup';
import { query } from '../database/query';

/**
 * Gives an imported active domain the application record a case, a label or a report needs, the
 * first time one does, with its hashed attributes: a fraud label on it then marks its details, so
 * the campaign's other applications and domains link to it. Inside the caller's transaction.
 */
export async function applicationForActiveDomain(
  manager: EntityManager,
  domain: { readonly id: string; readonly domain: string; readonly clientId: string },
  application: Application,
  attributes: readonly HashedAttribute[],
  at: Date,
): Promise<string> {
  // The client may already have an application under this external id: it is the same application.
  const [inserted] = await query<{ id: string }>(
    manager,
    `INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (client_id, external_id) DO UPDATE SET external_id = EXCLUDED.external_id RETURNING id::text AS id`,
    [randomUUID(), domain.clientId, application.externalId, application.product, domain.domain, at, application],
  );
  const id = inserted!.id;
  if (attributes.length > 0) {
    await manager.query(`INSERT INTO attributes (application_id, kind, value_hash, observed_at) SELECT $1, kind, hash, $4 FROM unnest($2::text[], $3::bytea[]) AS given(kind, hash) ON CONFLICT DO NOTHING`, [
      id,
      attributes.map((attribute) => attribute.kind),
      attributes.map((attribute) => attribute.hash),
      at,
    ]);
  }
  await manager.query('UPDATE active_domains SET application_id = $2 WHERE id = $1', [domain.id, id]);
  return id;
}
