import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { DATA_SOURCE } from '../app/core/tokens';
import { clientIdOf } from './client-option';
import { CommandError } from './command-error';
import { withService } from './service-context';

async function importDomains(file: string, options: { format?: string; client: string }): Promise<void> {
  const { PORTFOLIO_FORMATS, PortfolioFileError, readPortfolio } = require('../app/domains/portfolio') as typeof import('../app/domains/portfolio');
  const { DomainImporter } = require('../app/domains/domain-importer') as typeof import('../app/domains/domain-importer');
  if (options.format !== undefined && !(PORTFOLIO_FORMATS as readonly string[]).includes(options.format)) throw new CommandError(`--format must be one of ${PORTFOLIO_FORMATS.join(', ')}`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CommandError(`cannot read ${file}`);
  }
  // COPY of a whole portfolio and its merge run as long as the file is large: no query timeout.
  await withService(loadConfig(), { name: 'shinsa-import', poolSize: 2, queryTimeoutMs: 0 }, async (app) => {
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing {bar} {percentage}% | {records} records, {bad} bad | {eta_formatted} left', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : undefined;
    try {
      const clientId = await clientIdOf(app.get(DATA_SOURCE), options.client);
      let bytes = 0;
      bar?.start(size, 0, { records: 0, bad: 0 });
      let badLines = 0;
      const report = await app.get(DomainImporter).import(readPortfolio(file, { format: options.format as 'csv' | 'jsonl' | 'whois' | undefined, onBytes: (n) => (bytes += n) }), {
        clientId,
        onBad: (line, message) => {
          badLines += 1;
          if (badLines <= 1000) {
            bar?.stop();
            process.stderr.write(`${file}:${line}: ${message}\n`);
            if (bar) bar.start(size, bytes, { records: 0, bad: badLines });
          }
        },
        onProgress: (progress) => bar?.update(bytes, { records: progress.read, bad: progress.bad }),
      });
      bar?.update(size);
      bar?.stop();
      if (badLines > 1000) process.stderr.write(`… and ${badLines - 1000} more bad records\n`);
      if (report.read === 0) {
        throw new CommandError(`${file}: no record found in ${size.toLocaleString('en')} bytes: the file is empty, or not ${options.format ? `in the ${options.format} format` : 'a CSV, JSONL or JPRS WHOIS export'}; nothing was imported`);
      }
      process.stdout.write(`${JSON.stringify({ file, ...report, seconds: Math.round(report.seconds * 10) / 10, recordsPerSecond: Math.round(report.read / Math.max(report.seconds, 0.001)) })}\n`);
      if (report.bad > 0) process.exitCode = 2;
    } catch (error) {
      bar?.stop();
      if (error instanceof PortfolioFileError) throw new CommandError(`${file}: ${error.message}`);
      throw error;
    }
  });
}

export function registerImportDomainsCommand(program: Command): void {
  program
    .command('import-domains')
    .description('bulk-load a portfolio of active domains (CSV, JSONL or JPRS WHOIS text); re-imports update, bad records are reported by line and skipped')
    .argument('<file>', 'the export (format from the extension .csv / .jsonl / .whois, or from its first line)')
    .option('--format <format>', 'csv, jsonl or whois')
    .requiredOption('--client <keyId>', 'the key id of the api client (registrar) whose portfolio it is: cases and callbacks go to it')
    .action(async (file: string, options: { format?: string; client: string }) => importDomains(file, options));
}
