import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervise } from '../../../src/cli/supervise';
import { waitForExit, waitForOutput, watch, type WatchedProcess } from '../../support/processes';

const harness = path.resolve(__dirname, '../../support/supervise-harness.ts');

/** The supervisor in a process of its own (signals to the test runner would reach vitest), over real children. */
function supervising(...children: string[]): WatchedProcess {
  return watch(spawn(process.execPath, ['--import', 'tsx', harness, ...children], { stdio: ['pipe', 'pipe', 'pipe'] }));
}

function endOf(watched: WatchedProcess): unknown {
  return JSON.parse(/^end: (.*)$/m.exec(watched.output())![1]!);
}

describe(supervise.name, () => {
  it('stops every process with SIGTERM on the first SIGINT, says so, and ends when all exited', { timeout: 120_000 }, async () => {
    const sut = supervising('polite', 'polite');
    await waitForOutput(sut, 'supervising');
    sut.child.kill('SIGINT');
    expect(await waitForExit(sut)).toBe(0);
    expect(sut.output()).toContain('said: SIGINT received: stopping the polite and the polite (Ctrl-C again to force)…');
    expect(endOf(sut)).toEqual({ cause: 'signal', signal: 'SIGINT', forced: false, failed: [] });
  });

  it('kills what is left on a second signal', { timeout: 120_000 }, async () => {
    const sut = supervising('polite', 'stubborn');
    await waitForOutput(sut, 'supervising');
    sut.child.kill('SIGTERM');
    await waitForOutput(sut, 'said: SIGTERM received');
    // The polite one has gone; the stubborn one ignored SIGTERM and is still there.
    await waitForOutput(sut, 'exited: polite');
    expect(sut.output()).not.toContain('exited: stubborn');
    sut.child.kill('SIGINT');
    expect(await waitForExit(sut)).toBe(0);
    expect(sut.output()).toContain('said: SIGINT again: killing the stubborn now');
    expect(endOf(sut)).toEqual({ cause: 'signal', signal: 'SIGTERM', forced: true, failed: ['stubborn (signal SIGKILL)'] });
  });

  it('stops the others when one exits by itself, naming it and how it ended', { timeout: 120_000 }, async () => {
    const sut = supervising('quitter', 'polite');
    await waitForOutput(sut, 'supervising');
    sut.child.stdin!.write('go\n');
    expect(await waitForExit(sut)).toBe(0);
    expect(sut.output()).toContain('said: the quitter exited (code 3): stopping the rest');
    expect(endOf(sut)).toEqual({ cause: 'exit', name: 'quitter', exit: 'code 3', forced: false });
  });
});
