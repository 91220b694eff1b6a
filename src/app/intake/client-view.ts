import type { DataSource } from 'typeorm';
import type { Hit, ScreeningFacts } from '../../engine';
import { query } from '../database/query';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** `applications a, b, c (+4 more)`, as the linkage signals list the applications a reviewer should open. */
const LINKED_LIST = /applications ((?:[0-9a-f-]{36})(?:, [0-9a-f-]{36})*)(?: \(\+(\d+) more\))?/gi;
/** ` (also a.example, b.example, …)`, as the series signal lists other names of a series. */
const SERIES_EXAMPLES = / \(also ([^)]*)\)/g;

/**
 * What a client may see of an assessment's reasons. Linkage works across clients (that is the
 * product: a campaign does not stay with one registrar), so the engine's details name the linked
 * applications and the series' other names whoever sent them, for the reviewers. A client sees
 * the reasons, points and counts, and only its own applications and names: another client's are
 * left out of the lists and counted, so nothing says which application or name exists elsewhere.
 */
export class ClientView {
  constructor(private readonly dataSource: DataSource) {}

  async hits(clientId: string, hits: readonly Hit[], facts: ScreeningFacts | null | undefined): Promise<Hit[]> {
    const ids = new Set<string>();
    for (const hit of hits) for (const id of hit.detail.match(UUID) ?? []) ids.add(id.toLowerCase());
    const names = [...new Set(facts?.domainSeries?.members ?? [])];
    if (ids.size === 0 && names.length === 0) return [...hits];
    // Each id by its primary key and each name by the name index, the client compared afterwards:
    // with `client_id = $2` in the scan, a client whose rows the statistics do not know yet (a new
    // registrar, or one that grew since the last ANALYZE) got its whole history scanned instead.
    const owned = await query<{ id: string | null; name: string | null }>(
      this.dataSource,
      `SELECT want.id::text AS id, NULL AS name FROM unnest($1::uuid[]) AS want(id)
        WHERE (SELECT a.client_id = $2 FROM applications a WHERE a.id = want.id)
       UNION ALL
       SELECT NULL, want.name FROM unnest($3::text[]) AS want(name)
        WHERE (SELECT bool_or(a.client_id = $2) FROM applications a WHERE a.domain_name = want.name)`,
      [[...ids], clientId, names],
    );
    const ownIds = new Set(owned.flatMap((row) => (row.id ? [row.id] : [])));
    const ownNames = new Set(owned.flatMap((row) => (row.name ? [row.name] : [])));
    return hits.map((hit) => ({ ...hit, detail: visibleDetail(hit.detail, ownIds, names, ownNames) }));
  }
}

/** A detail with other clients' applications and names left out (exported for the unit test). */
function visibleDetail(detail: string, ownIds: ReadonlySet<string>, names: readonly string[], ownNames: ReadonlySet<string>): string {
  let text = detail.replace(LINKED_LIST, (_list, listed: string, more: string | undefined) => {
    const all = listed.split(', ');
    const own = all.filter((id) => ownIds.has(id.toLowerCase()));
    const others = all.length - own.length + Number(more ?? 0);
    if (own.length === 0) return `${others} application(s)`;
    return `applications ${own.join(', ')}${others > 0 ? ` (+${others} more)` : ''}`;
  });
  text = text.replace(SERIES_EXAMPLES, (_examples, listed: string) => {
    const own = listed.split(', ').filter((name) => ownNames.has(name));
    return own.length > 0 ? ` (also ${own.join(', ')}, …)` : '';
  });
  // Whatever form a detail takes, no other client's id or name is left in it.
  text = text.replace(UUID, (id) => (ownIds.has(id.toLowerCase()) ? id : 'another application'));
  for (const name of names) if (!ownNames.has(name)) text = text.replaceAll(name, 'another name');
  return text;
}
