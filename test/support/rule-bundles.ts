import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';

export interface BundleEntry {
  readonly header: Partial<Header> & Pick<Header, 'name'>;
  readonly content?: string | Buffer;
}

/** A .tar.gz of exactly these members, in order (links, devices and odd names included, as an attacker would pack them). */
export async function tarGz(entries: readonly BundleEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      archive.entry(entry.header, entry.content ?? '', (error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

/** The files of a rules directory as bundle members, under `prefix` (`rules/` as `tar czf x rules/` writes it, or `./`). */
export function rulesDirectoryEntries(directory: string, prefix = 'rules/'): BundleEntry[] {
  const entries: BundleEntry[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(directory, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const entryPath = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        entries.push({ header: { name: `${prefix}${entryPath}/`, type: 'directory' } });
        walk(entryPath);
      } else {
        entries.push({ header: { name: `${prefix}${entryPath}`, type: 'file' }, content: readFileSync(path.join(directory, entryPath)) });
      }
    }
  };
  walk('');
  return entries;
}

/** A rules directory as a .tar.gz bundle. */
export function bundleOf(directory: string, prefix = 'rules/'): Promise<Buffer> {
  return tarGz(rulesDirectoryEntries(directory, prefix));
}
