import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import { compileRuleSet, type RuleFile, type RuleSet } from '../engine';
import type { SignalRegistry } from '../engine/registry';

/** An uploaded bundle is small (the shipped rules pack to about 40 KiB): these bound what one may cost. */
export const RULE_BUNDLE_LIMITS = { compressedBytes: 1024 * 1024, unpackedBytes: 16 * 1024 * 1024, entries: 1000 } as const;

/** Why a bundle was refused; `entry` is the archive member at fault, if one is. */
export class RuleBundleError extends Error {
  constructor(
    readonly entry: string | null,
    message: string,
  ) {
    super(entry === null ? message : `${entry}: ${message}`);
    this.name = 'RuleBundleError';
  }
}

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A member's path inside the rules directory, or a refusal: no absolute paths, no `..`, no
 * backslashes or drive letters (the same archive must mean the same thing on every system).
 */
function memberPath(name: string): string {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new RuleBundleError(name, 'refused: an absolute path (members must be relative to the rules directory)');
  if (name.includes('\\')) throw new RuleBundleError(name, 'refused: a backslash in the name (members are separated by /)');
  if (name.includes('\0')) throw new RuleBundleError(name, 'refused: a NUL byte in the name');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new RuleBundleError(name, 'refused: a path that leaves the rules directory (..)');
  return parts.join('/');
}

const REFUSED_TYPES: Readonly<Record<string, string>> = {
  symlink: 'refused: a symbolic link (a bundle holds plain files only)',
  link: 'refused: a hard link (a bundle holds plain files only)',
  'character-device': 'refused: a device file',
  'block-device': 'refused: a device file',
  fifo: 'refused: a FIFO',
};

/** Every member of a tar archive with its content; the first refusal rejects the whole archive. */
function readMembers(tar: Buffer, onMember: (header: Header, content: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const extractor = extract();
    let members = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      extractor.destroy();
      reject(error instanceof RuleBundleError ? error : new RuleBundleError(null, `not a valid tar archive: ${(error as Error).message}`));
    };
    extractor.on('entry', (header, stream, next) => {
      members += 1;
      if (members > RULE_BUNDLE_LIMITS.entries) return fail(new RuleBundleError(null, `refused: more than ${RULE_BUNDLE_LIMITS.entries} members`));
      const type = header.type ?? 'file';
      const refusal = REFUSED_TYPES[type] ?? (type === 'file' || type === 'contiguous-file' || type === 'directory' ? undefined : `refused: a member of type ${type}`);
      if (refusal) return fail(new RuleBundleError(header.name, refusal));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('error', fail);
      stream.on('end', () => {
        try {
          onMember(header, Buffer.concat(chunks));
          next();
        } catch (error) {
          fail(error);
        }
      });
    });
    extractor.on('error', fail);
    extractor.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    extractor.end(tar);
  });
}

/**
 * The rule files of a rules directory packed as a .tar.gz, read in memory (nothing is written to
 * disk). Paths are taken relative to the directory: an archive of `rules/` (every member under one
 * top directory holding `outcomes.yaml`) means the same as an archive of its contents, so a bundle
 * of the deployed rules has the deployed version. Like a rules directory, only `.yaml`/`.yml`
 * files count; links, devices, absolute paths and `..` refuse the whole bundle.
 */
export async function readRuleBundle(bytes: Buffer): Promise<RuleFile[]> {
  if (bytes.length > RULE_BUNDLE_LIMITS.compressedBytes) throw new RuleBundleError(null, `refused: larger than ${RULE_BUNDLE_LIMITS.compressedBytes / 1024} KiB`);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new RuleBundleError(null, 'not a gzip file: upload the rules directory as a .tar.gz (tar czf rules.tar.gz -C DIR .)');
  let tar: Buffer;
  try {
    tar = await gunzipAsync(bytes, { maxOutputLength: RULE_BUNDLE_LIMITS.unpackedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw new RuleBundleError(null, `refused: unpacks to more than ${RULE_BUNDLE_LIMITS.unpackedBytes / 1024 / 1024} MiB`);
    throw new RuleBundleError(null, `not a valid gzip stream: ${(error as Error).message}`);
  }
  const files = new Map<string, string>();
  await readMembers(tar, (header, content) => {
    const relative = memberPath(header.name);
    if (header.type === 'directory' || !/\.ya?ml$/.test(relative)) return;
    if (files.has(relative)) throw new RuleBundleError(header.name, 'refused: the archive holds this file twice');
    try {
      files.set(relative, utf8.decode(content));
    } catch {
      throw new RuleBundleError(header.name, 'not UTF-8 text');
    }
  });
  if (files.size === 0) throw new RuleBundleError(null, 'holds no .yaml rule files');
  const paths = [...files.keys()];
  const top = /^([^/]+)\/outcomes\.ya?ml$/.exec(paths.find((file) => /^[^/]+\/outcomes\.ya?ml$/.test(file)) ?? '')?.[1];
  const strip = top !== undefined && !files.has('outcomes.yaml') && !files.has('outcomes.yml') && paths.every((file) => file.startsWith(`${top}/`)) ? top.length + 1 : 0;
  return paths.map((file) => ({ path: file.slice(strip), content: files.get(file)! })).sort((a, b) => a.path.localeCompare(b.path));
}

/** A rule bundle compiled as a rules directory would be (RuleSetError names the file and key). */
export async function loadRuleBundle(bytes: Buffer, registry: SignalRegistry): Promise<RuleSet> {
  return compileRuleSet(await readRuleBundle(bytes), registry);
}
