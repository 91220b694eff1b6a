import { CommandError } from './command-error';

/** The --since/--until window: a date (midnight in Japan) or a date and time with an offset at each end. */
export function windowOption(options: { since?: string; until?: string }): { since: Date | undefined; until: Date | undefined } {
  const { parseWindow } = require('../app/backtest/window') as typeof import('../app/backtest/window');
  const window = parseWindow(options.since, options.until);
  if (window.errors.length > 0) throw new CommandError(window.errors.map((error) => `--${error.field}: ${error.message}`).join('; '));
  return { since: window.since ?? undefined, until: window.until ?? undefined };
}
