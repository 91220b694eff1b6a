import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerServiceCommands } from '../../../src/cli/service-commands';

const root = path.resolve(__dirname, '..', '..', '..');

// In a process of its own: this project's files share one module graph, where another test may have loaded Nest.
const PROBE = `
const { main } = require('./src/cli/main.ts');
main(['clients', 'list', '--help']).then((code) => {
  const heavy = Object.keys(require.cache).filter((file) => /node_modules\\/(@nestjs\\/core|typeorm|bullmq|pg)\\//.test(file)).map((file) => file.replace(/^.*node_modules\\//, '').split('/').slice(0, 2).join('/'));
  process.stderr.write(JSON.stringify({ code, heavy: [...new Set(heavy)] }));
});
`;

describe(registerServiceCommands.name, () => {
  it('registers every service command, one file each, without loading Nest, TypeORM, BullMQ or pg until one runs', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', PROBE], { cwd: root, encoding: 'utf8' });
    const result = JSON.parse(run.stderr.trim().split('\n').at(-1)!) as { code: number; heavy: string[] };
    expect(result.code).toBe(0);
    expect(run.stdout).toContain('list clients (never their secrets)');
    expect(result.heavy).toEqual([]);
  });

  it('keeps the commands and their order in the help', async () => {
    const { Command } = await import('commander');
    const program = new Command('shinsa');
    registerServiceCommands(program);
    expect(program.commands.map((command) => command.name())).toEqual(['api', 'worker', 'migrate', 'clients', 'reviewers', 'import-domains', 'rescan', 'backtest', 'shadow', 'subject', 'purge', 'up']);
  });
});
