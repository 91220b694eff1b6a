import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { applicationClockErrors, parseApplication, type FieldError, type ParseResult } from '../engine';
import { Screener } from '../screening/screener';
import { EXIT_BAD_INPUT, EXIT_OK } from './exit-codes';
import { JsonLineWriter, lineBatches } from './json-lines';

export interface ScreenRunResult {
  readonly screened: number;
  readonly badLines: number;
}

/** The per-line error object written to stdout in place of an assessment. */
interface LineError {
  readonly line: number;
  readonly externalId?: string;
  readonly error: { readonly code: 'INVALID_JSON' | 'INVALID_APPLICATION'; readonly message: string; readonly fields?: readonly FieldError[] };
}

export function openInput(file: string | undefined): Readable {
  return !file || file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
}

/**
 * Screens application JSONL: one assessment (or one error object) per non-blank input line, in
 * order. Bad lines are reported on `errors` with their line number and field, and do not stop
 * the run.
 */
export async function screenJsonLines(screener: Pick<Screener, 'screen'>, input: Readable, output: Writable, errors: Writable, asOf = new Date()): Promise<ScreenRunResult> {
  const writer = new JsonLineWriter(output);
  let lineNumber = 0;
  let screened = 0;
  let badLines = 0;
  for await (const batch of lineBatches(input)) {
    for (const text of batch) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        badLines += 1;
        const message = `not valid JSON: ${(error as Error).message}`;
        errors.write(`line ${lineNumber}: ${message}\n`);
        writer.push({ line: lineNumber, error: { code: 'INVALID_JSON', message } } satisfies LineError);
        continue;
      }
      const parsed = parsedAsOf(value, asOf);
      if (!parsed.ok) {
        badLines += 1;
        for (const fieldError of parsed.errors) errors.write(`line ${lineNumber}: ${fieldError.field}: ${fieldError.message}\n`);
        const externalId = typeof (value as { externalId?: unknown })?.externalId === 'string' ? (value as { externalId: string }).externalId : undefined;
        writer.push({
          line: lineNumber,
          ...(externalId === undefined ? {} : { externalId }),
          error: { code: 'INVALID_APPLICATION', message: `${parsed.errors.length} invalid field(s)`, fields: parsed.errors },
        } satisfies LineError);
        continue;
      }
      writer.push(screener.screen(parsed.application));
      screened += 1;
    }
    await writer.flush();
  }
  return { screened, badLines };
}

/** The application of a line, with the checks that need the run's clock (an account opened in the future). */
function parsedAsOf(value: unknown, asOf: Date): ParseResult {
  const parsed = parseApplication(value);
  if (!parsed.ok) return parsed;
  const clockErrors = applicationClockErrors(parsed.application, asOf);
  return clockErrors.length === 0 ? parsed : { ok: false, errors: clockErrors };
}

/** `shinsa screen [FILE|-]`: exit 2 when a line was bad (with a summary on stderr). (@public: loaded through the CLI's lazy require) */
export async function screenCommand(file: string, rulesDir: string): Promise<number> {
  const screener = new Screener({ rulesDir });
  const result = await screenJsonLines(screener, openInput(file), process.stdout, process.stderr);
  if (result.badLines === 0) return EXIT_OK;
  process.stderr.write(`${result.badLines} bad line(s); ${result.screened} application(s) screened\n`);
  return EXIT_BAD_INPUT;
}
