import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQueueKeys } from '../support/service';
import { TEST_REDIS_URL, createTestDatabase, testEnvironment } from '../support/service-env';
import { PATIENCE_MS } from '../support/patience';
import { childProcesses, freePort, isRunning, spawnShinsa, waitForExit, waitForOutput } from '../support/processes';

/**
 * `shinsa up` as an operator runs it, against the machine's PostgreSQL and Redis: its api and worker
 * are real processes. A Ctrl-C (SIGINT) or a SIGTERM must say that it stops, stop both cleanly
 * and exit 0.
 */
describe('shinsa up', () => {
  let database: { url: string; drop: () => Promise<void> };
  const prefixes: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const prefix of prefixes) await deleteQueueKeys(TEST_REDIS_URL, prefix);
    await database?.drop();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('on %s says it is stopping, stops the api and the worker, and exits 0', { timeout: 4 * PATIENCE_MS }, async (signal) => {
    const port = await freePort();
    const env = { ...testEnvironment(database.url, { PORT: String(port), SHINSA_ENV: 'production', SHINSA_LOG_LEVEL: 'warn' }) };
    prefixes.push(env.SHINSA_QUEUE_PREFIX!);
    const sut = spawnShinsa(['up'], env);
    let children: number[] = [];
    try {
      // The launcher, then the api and the worker, each a new process: the start gets two deadlines.
      await waitForOutput(sut, 'Ctrl-C stops both.', 2 * PATIENCE_MS);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      // tsx has a child of its own (esbuild): the two are the ones running shinsa's api and worker.
      const shinsaChildren = childProcesses(sut.child.pid!).filter(({ args }) => args.some((arg) => arg.endsWith('main.ts')));
      expect(shinsaChildren.map(({ args }) => args.at(-1)).sort()).toEqual(['api', 'worker']);
      children = shinsaChildren.map(({ pid }) => pid);

      sut.child.kill(signal);
      expect(await waitForExit(sut)).toBe(0);
      expect(sut.output()).toContain(`${signal} received: stopping the api and the worker`);
      expect(sut.output()).toMatch(/shinsa stopped\.\n$/);
      expect(children.filter(isRunning)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
    } finally {
      // Whatever a failed assertion left running.
      for (const pid of children.filter(isRunning)) process.kill(pid, 'SIGKILL');
      sut.child.kill('SIGKILL');
    }
  });

  it('stops the worker and exits 1 naming the api when the api cannot start (its port is taken by something that never answers)', { timeout: 4 * PATIENCE_MS }, async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    const env = { ...testEnvironment(database.url, { PORT: String(port), SHINSA_ENV: 'production', SHINSA_LOG_LEVEL: 'warn' }) };
    prefixes.push(env.SHINSA_QUEUE_PREFIX!);
    const sut = spawnShinsa(['up'], env);
    try {
      expect(await waitForExit(sut, 2 * PATIENCE_MS)).toBe(1);
      expect(sut.output()).toContain(`shinsa: PORT: 127.0.0.1:${port} is already in use`);
      expect(sut.output()).toContain('the api exited (code 2): stopping the rest');
      expect(sut.output()).toContain('shinsa: the api exited unexpectedly (code 2); the rest was stopped');
      expect(sut.output()).not.toContain('shinsa is running');
    } finally {
      sut.child.kill('SIGKILL');
      squatter.close();
    }
  });
});
