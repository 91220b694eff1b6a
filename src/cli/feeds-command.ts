import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../app/config/config';
import { DATA_SOURCE, FEED_PULLER } from '../app/core/tokens';
import type { FeedPuller } from '../app/feeds/feed-puller';
import { CommandError } from './command-error';
import { withService } from './service-context';

/* The service's modules load only when a feeds command runs (see service-context.ts). */
const feeds = {
  config: () => require('../app/feeds/feed-config') as typeof import('../app/feeds/feed-config'),
  formats: () => require('../app/feeds/feed-formats') as typeof import('../app/feeds/feed-formats'),
};

/** Runs `work` with the puller (and its ingest) of the service's graph, on a small pool of its own without a query timeout. */
async function withPuller<T>(work: (service: { config: AppConfig; dataSource: DataSource; puller: FeedPuller }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  return withService(
    config,
    { name: 'shinsa-feeds', poolSize: 2, queryTimeoutMs: 0 },
    async (app) => {
      const puller = app.get<FeedPuller | null>(FEED_PULLER);
      // Built unless no feed is configured and the rules lack feeds.yaml.
      if (puller === null) throw new CommandError('the rules directory has no feeds.yaml (shared platforms, suspended statuses, case outcomes): threat feeds need one');
      return work({ config, dataSource: app.get(DATA_SOURCE), puller });
    },
    { screening: true },
  );
}

export function registerFeedCommands(program: Command): void {
  const command = program.command('feeds').description('threat feeds (JPCERT/CC, URLhaus, OpenPhish, PhishTank, plain lists) into the abuse loop');

  command
    .command('list')
    .description('the configured feeds (SHINSA_FEEDS_FILE) with their last pull')
    .action(async () => {
      await withPuller(async ({ config, dataSource }) => {
        for (const feed of config.feeds) {
          const [last] = await dataSource.query(`SELECT started_at, status, entries, new_entries, bad_entries, matched, error FROM feed_pulls WHERE feed = $1 ORDER BY started_at DESC LIMIT 1`, [feed.name]);
          process.stdout.write(`${JSON.stringify({ name: feed.name, url: feed.shownUrl, format: feed.format, trust: feed.trust, schedule: feed.schedule, category: feed.category, lastPull: last ?? null })}\n`);
        }
      });
    });

  command
    .command('pull')
    .description('pull every configured feed now (or only NAME); one JSON summary line per feed; exit 2 if a pull failed or had bad entries')
    .argument('[name]', 'the feed to pull (default: all of them)')
    .action(async (name: string | undefined) => {
      await withPuller(async ({ config, puller }) => {
        const chosen = name === undefined ? config.feeds : config.feeds.filter((feed) => feed.name === name);
        if (chosen.length === 0) throw new CommandError(name === undefined ? 'no feeds are configured (set SHINSA_FEEDS_FILE)' : `no feed named ${name} in SHINSA_FEEDS_FILE (${config.feeds.map((feed) => feed.name).join(', ') || 'none configured'})`);
        for (const feed of chosen) {
          // One feed's failure is its own line: the others are still pulled.
          const summary = await puller.pull(feed, 'manual');
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          if (summary.status === 'failed' || summary.bad > 0) process.exitCode = 2;
        }
      });
    });

  command
    .command('import')
    .description('read a feed file without any configuration (offline installations, backfills); bad entries as FILE:LINE on stderr; a JSON summary; exit 2 if any entry was bad')
    .argument('<file>', 'the feed file')
    .requiredOption('--format <format>', 'jpcert-phishurl, urlhaus-csv, openphish-text, phishtank-json or plain')
    .option('--trust <trust>', 'trusted (confirmed at once: label, case, callback) or untrusted (waits for a reviewer)', 'untrusted')
    .option('--name <name>', 'the source name reports and pulls carry (default: the file name)')
    .option('--category <category>', 'the abuse category of its reports (default: the format’s)')
    .action(async (file: string, options: { format: string; trust: string; name?: string; category?: string }) => {
      const { FEED_FORMATS, ABUSE_CATEGORIES, DEFAULT_CATEGORY } = feeds.formats();
      const { FEED_NAME, FEED_TRUST } = feeds.config();
      if (!(FEED_FORMATS as readonly string[]).includes(options.format)) throw new CommandError(`--format must be one of ${FEED_FORMATS.join(', ')}`);
      if (!(FEED_TRUST as readonly string[]).includes(options.trust)) throw new CommandError(`--trust must be one of ${FEED_TRUST.join(', ')}`);
      if (options.category !== undefined && !(ABUSE_CATEGORIES as readonly string[]).includes(options.category)) throw new CommandError(`--category must be one of ${ABUSE_CATEGORIES.join(', ')}`);
      const name = options.name ?? path.basename(file).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
      if (!FEED_NAME.test(name)) throw new CommandError(`--name must be lower-case letters, digits, ".", "_" and "-" (at most 64)`);
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
      } catch {
        throw new CommandError(`cannot read ${file}`);
      }
      const format = options.format as (typeof FEED_FORMATS)[number];
      await withPuller(async ({ puller }) => {
        let shown = 0;
        const input = createReadStream(file);
        const summary = await puller.importFile({ name, trust: options.trust as (typeof FEED_TRUST)[number], category: (options.category as (typeof ABUSE_CATEGORIES)[number] | undefined) ?? DEFAULT_CATEGORY[format], format }, file, input, () => input.bytesRead, (line, error) => {
          shown += 1;
          if (shown <= 1000) process.stderr.write(`${file}:${line}: ${error}\n`);
        });
        if (shown > 1000) process.stderr.write(`… and ${shown - 1000} more bad entries\n`);
        if (summary.error) process.stderr.write(`${file}: ${summary.error}\n`);
        process.stdout.write(`${JSON.stringify({ file, ...summary })}\n`);
        if (summary.bad > 0 || summary.status === 'failed') process.exitCode = 2;
      });
    });
}
