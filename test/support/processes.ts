import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PATIENCE_MS } from './patience';

const root = path.resolve(__dirname, '..', '..');

/** A child process with everything it printed so far. */
export interface WatchedProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** `shinsa ARGS` from the sources (through tsx), stdout and stderr collected together. */
export function spawnShinsa(args: readonly string[], env: Record<string, string>): WatchedProcess {
  return watch(spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export function watch(child: ChildProcess): WatchedProcess {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal!)));
  return { child, output: () => output, exited };
}

/** Waits until the process has printed `text`; after the deadline (a hang), fails showing its output. */
export async function waitForOutput(watched: WatchedProcess, text: string, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!watched.output().includes(text)) {
    if (watched.child.exitCode !== null || watched.child.signalCode !== null) throw new Error(`exited before printing ${JSON.stringify(text)}:\n${watched.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} within ${timeoutMs / 1000} s:\n${watched.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for the process to exit; after the deadline (a hang), fails showing its output. */
export async function waitForExit(watched: WatchedProcess, timeoutMs = PATIENCE_MS): Promise<number | NodeJS.Signals> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs / 1000} s:\n${watched.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([watched.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A process's living children (Linux: from /proc) with their arguments. */
export function childProcesses(pid: number): { pid: number; args: string[] }[] {
  const children: { pid: number; args: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') children.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // exited while listed
    }
  }
  return children;
}

/** True while a process with this id exists (and is not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A TCP port free at the moment of asking (for a process that must be told its port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
