import type { DataSource } from 'typeorm';
import { CommandError } from './command-error';
import { query } from '../app/database/query';

/** The row id of the api client with this key id, or a CommandError naming `--client`. */
export async function clientIdOf(dataSource: DataSource, keyId: string): Promise<string> {
  const rows = await query<{ id: string }>(dataSource, 'SELECT id FROM api_clients WHERE key_id = $1', [keyId]);
  if (!rows[0]) throw new CommandError(`--client: no api client with key id ${keyId}`);
  return rows[0].id;
}
