/**
 * `npm run bench:cli`: the wall time of the CLI's commands, each started as a new process as a
 * user would, beside a bare `node -e ''` start measured in the same run. The commands take turns
 * (one round runs each once), so a machine that gets busier slows all of them alike. Prints the
 * median, the fastest and the slowest run of each, the median less the bare start (what shinsa
 * itself costs), the CPU time each used (steadier than wall time on a busy machine), and the targets: `--help` and `rules check` ≤ 0.5 s, the first screened line of
 * `shinsa screen` ≤ 1 s.
 *
 * Usage: npm run bench:cli [-- ROUNDS] [--baseline OTHER/dist/cli/main.js]
 *   ROUNDS: default 9. --baseline: also time another build of the CLI (an older checkout) in the
 *   same rounds, for before/after figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const options = parseArguments(process.argv.slice(2));
const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');

interface Run {
  /** Seconds from spawn to the first complete line on stdout (undefined if it printed none). */
  readonly firstLine: number | undefined;
  /** Seconds from spawn to exit. */
  readonly exit: number;
  /** CPU seconds (user + system) the process used: what a quiet machine's wall time would be near. */
  readonly cpu: number;
}

interface Case {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The target in seconds, on the first line (`firstLine`) or the whole run. */
  readonly target?: { readonly seconds: number; readonly on: 'firstLine' | 'exit' };
  readonly stdin?: string;
}

function parseArguments(args: readonly string[]): { rounds: number; baseline: string | undefined } {
  let rounds = 9;
  let baseline: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--baseline' && args[index + 1]) baseline = path.resolve(args[++index]!);
    else if (/^[1-9]\d*$/.test(arg)) rounds = Number(arg);
    else throw new Error(`usage: cli.bench.js [ROUNDS] [--baseline OTHER/dist/cli/main.js] (got ${arg})`);
  }
  return { rounds, baseline };
}

function timeRun({ command, args, stdin }: Case): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    // Through sh, whose `times` reports its child's CPU time on stderr's last line (Node cannot).
    const child = spawn('sh', ['-c', '"$@"; status=$?; times >&2; exit $status', 'sh', command, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SHINSA_RULES_DIR: undefined } });
    let firstLine: number | undefined;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLine === undefined && chunk.includes(10)) firstLine = seconds();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const exit = seconds();
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ firstLine, exit, cpu: childCpuSeconds(stderr) });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** The children's `user system` times, the last line `times` prints (`0m0.52s 0m0.08s`). */
function childCpuSeconds(stderr: string): number {
  const times = stderr.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s/g);
  if (!times || times.length !== 2) throw new Error(`no CPU times in: ${stderr}`);
  return times.reduce((sum, time) => {
    const [, minutes, seconds] = /(\d+)m([\d.]+)s/.exec(time)!;
    return sum + Number(minutes) * 60 + Number(seconds);
  }, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'shinsa-bench-cli-'));
  try {
    // A small file: the first five golden applications (every kind of field, signup IPs included).
    const applications = path.join(work, 'applications.jsonl');
    writeFileSync(applications, readFileSync(path.join(root, 'fixtures/applications/applications.jsonl'), 'utf8').split('\n').slice(0, 5).join('\n') + '\n');
    const domains = path.join(work, 'domains.txt');
    writeFileSync(domains, ['amazon.co.jp', 'smbc-card-login.jp', 'tokyo-ramen.com', 'driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com'].join('\n') + '\n');

    const node = process.execPath;
    const shinsaCases = (main: string, label: string): Case[] => [
      { name: `${label} --help`, command: node, args: [main, '--help'], target: { seconds: 0.5, on: 'exit' } },
      { name: `${label} rules check`, command: node, args: [main, 'rules', 'check'], target: { seconds: 0.5, on: 'exit' } },
      { name: `${label} screen (5 applications)`, command: node, args: [main, 'screen', applications], target: { seconds: 1, on: 'firstLine' } },
      { name: `${label} domains (5 names)`, command: node, args: [main, 'domains', domains] },
    ];
    const cases: Case[] = [
      { name: "node -e ''", command: node, args: ['-e', ''] },
      { name: 'shinsa --version', command: node, args: [cli, '--version'] },
      ...shinsaCases(cli, 'shinsa'),
      ...(options.baseline ? shinsaCases(options.baseline, 'baseline') : []),
      { name: 'npx shinsa --version', command: 'npx', args: ['--no-install', 'shinsa', '--version'] },
    ];
    const runs = new Map<string, Run[]>(cases.map((item) => [item.name, []]));
    const loadBefore = loadavg()[0]!;
    for (const item of cases) await timeRun(item); // warm the file cache; not counted
    for (let round = 0; round < options.rounds; round++) {
      for (const item of cases) runs.get(item.name)!.push(await timeRun(item));
    }

    const bare = median(runs.get(cases[0]!.name)!.map((run) => run.exit));
    const seconds = (value: number) => `${value.toFixed(3)} s`;
    process.stdout.write(`shinsa CLI start-up, ${options.rounds} rounds, node ${process.version}, ${new Date().toISOString()}\n`);
    // Wall time grows with a busy machine: read the targets from a run on a quiet one.
    process.stdout.write(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after\n`);
    if (options.baseline) process.stdout.write(`baseline: ${options.baseline}\n`);
    process.stdout.write('\n');
    const header = ['command', 'median', 'fastest', 'slowest', 'over bare node', 'CPU (median)', 'target'];
    // One row per process run to exit; `screen` also gets one to its first line, where its target is.
    const rows = cases.flatMap((item) => {
      const all = runs.get(item.name)!;
      const measures: ('exit' | 'firstLine')[] = item.target?.on === 'firstLine' ? ['firstLine', 'exit'] : ['exit'];
      return measures.map((measure) => {
        const values = all.map((run) => (measure === 'exit' ? run.exit : run.firstLine ?? Number.NaN));
        const middle = median(values);
        const target = item.target && item.target.on === measure ? `≤ ${item.target.seconds} s: ${middle <= item.target.seconds ? 'met' : 'NOT met'}` : '';
        return [
          measure === 'exit' ? item.name : `${item.name}, first line`,
          seconds(middle),
          seconds(Math.min(...values)),
          seconds(Math.max(...values)),
          item === cases[0] ? '' : `+${seconds(middle - bare)}`,
          measure === 'exit' ? seconds(median(all.map((run) => run.cpu))) : '',
          target,
        ];
      });
    });
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
    process.stdout.write('\n`npx` adds npm\'s own start-up to every command; `node dist/cli/main.js` (or the installed bin) does not.\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
