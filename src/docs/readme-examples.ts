/**
 * The README's examples of the CLI's output are made by running the CLI, so they cannot drift
 * from the code. Each lives between `<!-- example: NAME -->` and `<!-- /example -->` in README.md;
 * `npm run docs:examples` runs every example and rewrites those blocks, and
 * test/e2e/readme-examples.test.ts fails while the README differs from what the CLI prints.
 * After a rules change (new points, a new rules version) run `npm run docs:examples` and commit.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
export const README_FILE = path.join(root, 'README.md');

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface ReadmeExample {
  readonly name: string;
  /** The shell command the README shows. */
  readonly command: string;
  /** What is run: `shinsa ARGS` with `input` on standard input (the command's pipe, done here). */
  readonly args: readonly string[];
  readonly input?: () => string;
  /** The output as the README shows it (Markdown, after the command). */
  readonly show: (run: CliRun) => string;
}

/** `shinsa ARGS` from the sources, with the shipped rules. */
function runShinsa(args: readonly string[], input = ''): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, SHINSA_RULES_DIR: undefined },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `{ "key": value, … }` on one line. */
function inline(value: object): string {
  return `{ ${Object.entries(value)
    .map(([key, field]) => `${JSON.stringify(key)}: ${JSON.stringify(field)}`)
    .join(', ')} }`;
}

/** One output line laid out for reading: the fields, the rules version shortened, one hit per line. */
function layOut(line: string): string {
  const { hits, rulesVersion, ...fields } = JSON.parse(line) as { hits?: object[]; rulesVersion?: string } & Record<string, unknown>;
  const lines = [`${inline(fields).slice(0, -2)},`];
  if (rulesVersion !== undefined) lines.push(`  "rulesVersion": ${JSON.stringify(`${rulesVersion.slice(0, 'sha256:'.length + 8)}…`)},`);
  if (!hits || hits.length === 0) lines.push('  "hits": [] }');
  else lines.push('  "hits": [', ...hits.map((hit, index) => `    ${inline(hit)}${index < hits.length - 1 ? ',' : ''}`), '  ] }');
  return lines.join('\n');
}

function fence(language: string, text: string): string {
  return `\`\`\`${language}\n${text.replace(/\n$/, '')}\n\`\`\``;
}

function expectStatus(run: CliRun, status: number): void {
  if (run.status !== status) throw new Error(`expected exit code ${status}, got ${run.status}: ${run.stderr}`);
}

const FIXTURES = 'fixtures/applications/applications.jsonl';
const BAD_LINE = '{"externalId":"reg-7","product":"domian","domain":{"name":"example.jp"},"registrant":{"emial":"sato@example.jp"}}';
const DOMAINS = ['amazon.co.jp', 'amazon-co-jp.com', 'smbc-card-login.jp', 'tokyo-ramen.com'];

export const README_EXAMPLES: readonly ReadmeExample[] = [
  {
    name: 'screen',
    command: `grep fx-fraud-sms-050-from-sakura-vps ${FIXTURES} | npx shinsa screen`,
    args: ['screen'],
    input: () => readFileSync(path.join(root, FIXTURES), 'utf8').split('\n').filter((line) => line.includes('fx-fraud-sms-050-from-sakura-vps')).join('\n'),
    show: (run) => {
      expectStatus(run, 0);
      return fence('json', run.stdout.trim().split('\n').map(layOut).join('\n'));
    },
  },
  {
    name: 'screen-bad-line',
    command: `echo '${BAD_LINE}' | npx shinsa screen`,
    args: ['screen'],
    input: () => `${BAD_LINE}\n`,
    show: (run) => {
      expectStatus(run, 2);
      return `prints the error in the line's place on stdout and exits 2:\n\n${fence('json', run.stdout)}\n\nand names the line and fields on stderr:\n\n${fence('text', run.stderr)}`;
    },
  },
  {
    name: 'domains',
    command: `printf '%s\\n' ${DOMAINS.join(' ')} | npx shinsa domains`,
    args: ['domains'],
    input: () => `${DOMAINS.join('\n')}\n`,
    show: (run) => {
      expectStatus(run, 0);
      return fence('json', run.stdout.trim().split('\n').map(layOut).join('\n'));
    },
  },
  {
    name: 'replay',
    command: 'npx shinsa replay fixtures/replay/signups.jsonl --labels fixtures/replay/labels.jsonl',
    args: ['replay', 'fixtures/replay/signups.jsonl', '--labels', 'fixtures/replay/labels.jsonl'],
    show: (run) => {
      expectStatus(run, 0);
      // The rules version changes with every rules edit; the README shows its start, as in the other examples.
      return fence('text', run.stdout.replace(/rules (sha256:[0-9a-f]{8})[0-9a-f]+/, 'rules $1…'));
    },
  },
  {
    name: 'rules-check',
    command: 'npx shinsa rules check',
    args: ['rules', 'check'],
    show: (run) => {
      expectStatus(run, 0);
      return fence('text', run.stdout);
    },
  },
];

const BLOCK = /<!-- example: ([a-z0-9-]+) -->\n[\s\S]*?<!-- \/example -->/g;

/** What the README's block for an example must hold, made by running the example now. */
export function renderExample(example: ReadmeExample): string {
  const run = runShinsa(example.args, example.input?.() ?? '');
  return `<!-- example: ${example.name} -->\n${fence('sh', example.command)}\n\n${example.show(run)}\n<!-- /example -->`;
}

/** The example blocks of a README, by name (a name written twice is kept twice, for the check). */
export function exampleBlocks(readme: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  for (const match of readme.matchAll(BLOCK)) blocks.set(match[1]!, [...(blocks.get(match[1]!) ?? []), match[0]]);
  return blocks;
}

/** The README with every example block made again; an unknown or missing example is an error. */
export function regenerate(readme: string): string {
  const examples = new Map(README_EXAMPLES.map((example) => [example.name, example]));
  const blocks = exampleBlocks(readme);
  const unknown = [...blocks.keys()].filter((name) => !examples.has(name));
  const missing = [...examples.keys()].filter((name) => !blocks.has(name));
  if (unknown.length > 0 || missing.length > 0) throw new Error(`README examples: unknown ${JSON.stringify(unknown)}, missing ${JSON.stringify(missing)}`);
  const rendered = new Map(README_EXAMPLES.map((example) => [example.name, renderExample(example)]));
  return readme.replace(BLOCK, (_block, name: string) => rendered.get(name)!);
}

if (require.main === module) {
  const readme = readFileSync(README_FILE, 'utf8');
  const updated = regenerate(readme);
  if (updated === readme) {
    process.stdout.write('README examples are up to date\n');
  } else {
    writeFileSync(README_FILE, updated);
    process.stdout.write(`README examples rewritten: ${[...exampleBlocks(updated).keys()].join(', ')}\n`);
  }
}
