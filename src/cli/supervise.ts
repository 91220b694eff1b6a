import type { ChildProcess } from 'node:child_process';

export interface SupervisedProcess {
  /** How messages name it: `api`, `worker`. */
  readonly name: string;
  readonly child: ChildProcess;
}

/** Why the supervised processes stopped. */
export type SupervisionEnd =
  | { readonly cause: 'signal'; readonly signal: NodeJS.Signals; readonly forced: boolean; readonly failed: readonly string[] }
  | { readonly cause: 'exit'; readonly name: string; readonly exit: string; readonly forced: boolean }
  | { readonly cause: 'stop'; readonly forced: boolean };

export interface Supervision {
  /** Resolves when every process has exited. */
  readonly ended: Promise<SupervisionEnd>;
  /** Stops every process (as a first signal would), for a launcher that gives up. */
  stop(): void;
}

/**
 * Watches `shinsa up`'s processes from the moment they are spawned. The first SIGINT or SIGTERM,
 * or any process exiting on its own, stops the others with SIGTERM (each closes its server, queues
 * and pool) and waits for them; a second SIGINT or SIGTERM kills what is left. The processes must
 * be in their own process group (spawned `detached`), so that a Ctrl-C reaches only this one and
 * each of them is told once. Every step is said on `say`: a stop is never silent.
 */
export function supervise(processes: readonly SupervisedProcess[], say: (line: string) => void): Supervision {
  const names = processes.map((each) => each.name).join(' and the ');
  const exits = new Map<string, string>();
  let first: SupervisionEnd | undefined;
  let forced = false;

  const running = () => processes.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  const sendAll = (signal: NodeJS.Signals) => running().forEach(({ child }) => child.kill(signal));
  const startStopping = (end: SupervisionEnd, message: string) => {
    first = end;
    say(message);
    sendAll('SIGTERM');
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!first) {
      startStopping({ cause: 'signal', signal, forced: false, failed: [] }, `${signal} received: stopping the ${names} (Ctrl-C again to force)…`);
    } else if (!forced && running().length > 0) {
      forced = true;
      say(`${signal} again: killing the ${running().map((each) => each.name).join(' and the ')} now`);
      sendAll('SIGKILL');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const exited = processes.map(
    ({ name, child }) =>
      new Promise<void>((resolve) => {
        child.once('exit', (code, signal) => {
          const exit = code !== null ? `code ${code}` : `signal ${signal}`;
          exits.set(name, exit);
          if (!first) startStopping({ cause: 'exit', name, exit, forced: false }, `the ${name} exited (${exit}): stopping the rest`);
          resolve();
        });
      }),
  );

  const ended = Promise.all(exited).then((): SupervisionEnd => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const end = first ?? { cause: 'stop', forced };
    if (end.cause === 'signal') return { ...end, forced, failed: [...exits].filter(([, exit]) => exit !== 'code 0').map(([name, exit]) => `${name} (${exit})`) };
    return { ...end, forced };
  });

  return {
    ended,
    stop() {
      if (!first) startStopping({ cause: 'stop', forced: false }, `stopping the ${names}…`);
    },
  };
}
