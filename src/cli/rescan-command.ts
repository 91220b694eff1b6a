import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { QUEUE_BY_NAME } from '../app/core/tokens';
import type { RescanStartJob } from '../app/queue/queues';
import { CommandError } from './command-error';
import { withService } from './service-context';

async function rescanCommand(options: { now?: boolean; export?: string }): Promise<void> {
  const { RescanRuns } = require('../app/rescan/rescan-runs') as typeof import('../app/rescan/rescan-runs');
  // Only a run started here needs the queues (and Redis).
  await withService(loadConfig(), { name: 'shinsa-rescan', poolSize: 2 }, async (app) => {
    const runs = app.get(RescanRuns);
    if (options.export) {
      if (!(await runs.find(options.export))) throw new CommandError(`--export: no rescan run ${options.export}`);
      for await (const line of runs.changesCsv(options.export)) process.stdout.write(line);
      return;
    }
    if (!options.now) {
      for (const run of await runs.recent(20)) process.stdout.write(`${JSON.stringify(run)}\n`);
      return;
    }
    const { JobName, QueueName } = require('../app/queue/queues') as typeof import('../app/queue/queues');
    const queue = app.get<Record<string, import('bullmq').Queue>>(QUEUE_BY_NAME)[QueueName.Rescan]!;
    const jobId = `rescan-manual-${randomBytes(8).toString('hex')}`;
    try {
      await queue.add(JobName.RescanStart, { trigger: 'manual' } satisfies RescanStartJob, { jobId, attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
    } catch (error) {
      throw new CommandError(`cannot queue the rescan: Redis at REDIS_URL is unavailable (${(error as Error).message})`);
    }
    process.stderr.write(`rescan queued (job ${jobId}); following it — Ctrl-C stops following, not the run\n`);
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'rescan {bar} {percentage}% | {value}/{total} chunks | {seen} domains, {changed} changed, {cases} new cases, {failures} failures', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : undefined;
    const started = Date.now();
    let warned = false;
    let lastLine = 0;
    for (;;) {
      const run = await runs.findByJob(jobId);
      if (!run) {
        if (!warned && Date.now() - started > 15_000) {
          process.stderr.write('no worker has picked the run up yet: is `shinsa worker` running against the same REDIS_URL and SHINSA_QUEUE_PREFIX?\n');
          warned = true;
        }
      } else {
        const values = { seen: run.domainsSeen, changed: run.changed, cases: run.newCases, failures: run.failures };
        if (bar) {
          if (!bar.isActive) bar.start(Math.max(run.chunksTotal, 1), run.chunksDone, values);
          bar.update(run.chunksDone, values);
        } else if (Date.now() - lastLine > 5000 || run.state === 'finished') {
          process.stderr.write(`${run.chunksDone}/${run.chunksTotal} chunks, ${run.domainsSeen} domains, ${run.changed} changed, ${run.newCases} new cases, ${run.failures} failures\n`);
          lastLine = Date.now();
        }
        if (run.state === 'finished') {
          bar?.update(Math.max(run.chunksTotal, 1));
          bar?.stop();
          process.stdout.write(`${JSON.stringify(run)}\n`);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, { queues: options.now === true });
}

export function registerRescanCommand(program: Command): void {
  program
    .command('rescan')
    .description('re-screen every active domain: --now starts a run on the workers and follows it; without it, lists the last runs')
    .option('--now', 'start a run now (needs a running `shinsa worker`) and follow its progress')
    .option('--export <runId>', 'print the changes of a run as CSV')
    .action(async (options: { now?: boolean; export?: string }) => rescanCommand(options));
}
