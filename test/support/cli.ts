import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { PATIENCE_MS } from './patience';

const root = path.resolve(__dirname, '..', '..');

export interface ShinsaRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON lines (only for commands that print JSONL). */
  readonly lines: any[];
}

/**
 * Runs the real CLI entry point in a child process from the checkout (through tsx, so no build is
 * needed) and waits for it. `env` is laid over this process's environment; a key set to undefined
 * is left out. `input` is written to its stdin. A process still running after {@link PATIENCE_MS}
 * is killed and the call fails naming it (a test runner waiting in spawnSync cannot time out).
 */
export function runShinsa(args: readonly string[], options: { readonly env?: Record<string, string | undefined>; readonly input?: string } = {}): ShinsaRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: PATIENCE_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw new Error(`shinsa ${args.join(' ')}: ${result.error.message} (stderr: ${result.stderr})`);
  return shinsaRun(result.status, result.stdout, result.stderr);
}

/** As runShinsa, without blocking this process: for a CLI that talks to a server the test itself runs. */
export async function runShinsaAsync(args: readonly string[], options: { readonly env?: Record<string, string | undefined> } = {}): Promise<ShinsaRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Killed after PATIENCE_MS like runShinsa's child, and the call fails naming it.
  const timer = setTimeout(() => child.kill('SIGKILL'), PATIENCE_MS);
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, killedBy) => resolve([code, killedBy])));
  clearTimeout(timer);
  if (signal === 'SIGKILL') throw new Error(`shinsa ${args.join(' ')}: still running after ${PATIENCE_MS} ms (stderr: ${stderr})`);
  return shinsaRun(status, stdout, stderr);
}

function shinsaRun(status: number | null, stdout: string, stderr: string): ShinsaRun {
  return {
    status,
    stdout,
    stderr,
    get lines() {
      return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
  };
}

/** A test's timeout for running `processes` CLI processes in a row, each allowed {@link PATIENCE_MS}. */
export function timeoutForProcesses(processes: number): number {
  return processes * PATIENCE_MS;
}
