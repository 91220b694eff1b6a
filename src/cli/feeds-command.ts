import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './service-commands';

/* The service's modules load only when a feeds command runs (see service-commands.ts). */
const feeds = {
  config: () => require('../app/feeds/feed-config') as typeof import('../app/feeds/feed-config'),
  formats: () => require('../app/feeds/feed-formats') as typeof import('../app/feeds/feed-formats'),
};

/** The puller with its ingest, on a small pool of its own; closed by the caller. */
async function openPuller() {
  const config = loadConfig();
  const { createDataSource } = require('../app/database/data-source') as typeof import('../app/database/data-source');
  const { Screener } = require('../screening/screener') as typeof import('../screening/screener');
  const { MasterKeys } = require('../app/crypto/secret-box') as typeof import('../app/crypto/secret-box');
  const { feedRulesOf } = require('../app/feeds/feed-cases') as typeof import('../app/feeds/feed-cases');
  const { FeedIngest } = require('../app/feeds/feed-ingest') as typeof import('../app/feeds/feed-ingest');
  const { FeedPuller } = require('../app/feeds/feed-puller') as typeof import('../app/feeds/feed-puller');
  const rules = feedRulesOf(new Screener({ rulesDir: config.rulesDir }).engine.rules);
  const dataSource = await createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-feeds', 0).initialize();
  const puller = new FeedPuller(dataSource, new FeedIngest(dataSource, rules, new MasterKeys(config.masterKey)), { timeZone: config.rescan.timezone, backoffMs: 2000 });
  return { config, dataSource, puller };
}

export function registerFeedCommands(program: Command): void {
  const command = program.command('feeds').description('threat feeds (JPCERT/CC, URLhaus, OpenPhish, PhishTank, plain lists) into the abuse loop');

  command
    .command('list')
    .description('the configured feeds (SHINSA_FEEDS_FILE) with their last pull')
    .action(async () => {
      const { config, dataSource } = await openPuller();
      try {
        for (const feed of config.feeds) {
          const [last] = await dataSource.query(`SELECT started_at, status, entries, new_entries, bad_entries, matched, error FROM feed_pulls WHERE feed = $1 ORDER BY started_at DESC LIMIT 1`, [feed.name]);
          process.stdout.write(`${JSON.stringify({ name: feed.name, url: feed.shownUrl, format: feed.format, trust: feed.trust, schedule: feed.schedule, category: feed.category, lastPull: last ?? null })}\n`);
        }
      } finally {
        await dataSource.destroy();
      }
    });

  command
    .command('pull')
    .description('pull every configured feed now (or only NAME); one JSON summary line per feed; exit 2 if a pull failed or had bad entries')
    .argument('[name]', 'the feed to pull (default: all of them)')
    .action(async (name: string | undefined) => {
      const { config, dataSource, puller } = await openPuller();
      try {
        const chosen = name === undefined ? config.feeds : config.feeds.filter((feed) => feed.name === name);
        if (chosen.length === 0) throw new CommandError(name === undefined ? 'no feeds are configured (set SHINSA_FEEDS_FILE)' : `no feed named ${name} in SHINSA_FEEDS_FILE (${config.feeds.map((feed) => feed.name).join(', ') || 'none configured'})`);
        for (const feed of chosen) {
          // One feed's failure is its own line: the others are still pulled.
          const summary = await puller.pull(feed, 'manual');
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          if (summary.status === 'failed' || summary.bad > 0) process.exitCode = 2;
        }
      } finally {
        await dataSource.destroy();
      }
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
      const { dataSource, puller } = await openPuller();
      let shown = 0;
      try {
        const input = createReadStream(file);
        const summary = await puller.importFile({ name, trust: options.trust as (typeof FEED_TRUST)[number], category: (options.category as (typeof ABUSE_CATEGORIES)[number] | undefined) ?? DEFAULT_CATEGORY[format], format }, file, input, () => input.bytesRead, (line, error) => {
          shown += 1;
          if (shown <= 1000) process.stderr.write(`${file}:${line}: ${error}\n`);
        });
        if (shown > 1000) process.stderr.write(`… and ${shown - 1000} more bad entries\n`);
        if (summary.error) process.stderr.write(`${file}: ${summary.error}\n`);
        process.stdout.write(`${JSON.stringify({ file, ...summary })}\n`);
        if (summary.bad > 0 || summary.status === 'failed') process.exitCode = 2;
      } finally {
        await dataSource.destroy();
      }
    });
}
