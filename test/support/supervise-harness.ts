/*
 * Runs `supervise` over two real processes, for test/unit/cli/supervise.test.ts: `polite` exits on
 * SIGTERM, `stubborn` ignores it, `quitter` exits by itself when told on stdin. Prints each line
 * the supervisor says, each exit, then the end as JSON.
 * Usage: tsx supervise-harness.ts polite|stubborn|quitter…
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { supervise } from '../../src/cli/supervise';

const behaviours: Record<string, string> = {
  polite: "process.on('SIGTERM', () => process.exit(0));",
  stubborn: "process.on('SIGTERM', () => {});",
  quitter: "process.on('SIGTERM', () => process.exit(0)); process.stdin.once('data', () => process.exit(3));",
};

async function main(): Promise<void> {
  const processes = process.argv.slice(2).map((name) => {
    const child = spawn(process.execPath, ['-e', `${behaviours[name]} setInterval(() => {}, 1000); console.log('ready');`], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    child.once('exit', () => process.stdout.write(`exited: ${name}\n`));
    return { name, child };
  });
  await Promise.all(processes.map(({ child }) => once(child.stdout!, 'data')));
  const supervision = supervise(processes, (line) => process.stdout.write(`said: ${line}\n`));
  process.stdout.write('supervising\n');
  process.stdin.once('data', () => processes.find(({ name }) => name === 'quitter')?.child.stdin!.write('quit\n'));
  const end = await supervision.ended;
  process.stdout.write(`end: ${JSON.stringify(end)}\n`);
  process.exit(0);
}

void main();
