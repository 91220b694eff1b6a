import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../../src/engine';
import { screenJsonLines } from '../../../src/cli/screen-command';

/** Collects what is written to a stream. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe(screenJsonLines.name, () => {
  // The engine is not what is tested here: a screener that answers from the externalId.
  const sut = { screen: (application: { externalId: string }) => ({ externalId: application.externalId, outcome: 'allow', score: 0, rulesVersion: 'test', hits: [] }) as Assessment };
  const asOf = new Date('2026-12-01T00:00:00Z');
  const line = (externalId: string, openedAt: string) =>
    JSON.stringify({ externalId, product: 'domain', domain: { name: 'example.jp' }, account: { id: 'acct-1', openedAt, domainCount: 4, reseller: true } });

  it('screens an application with its customer account, and names an account opened after the run as the bad field', async () => {
    const output = sink();
    const errors = sink();
    const input = Readable.from([`${line('old', '2021-01-01T00:00:00Z')}\n${line('future', '2026-12-02T00:00:00Z')}\n`]);
    const result = await screenJsonLines(sut, input, output.stream, errors.stream, asOf);
    expect(result).toEqual({ screened: 1, badLines: 1 });
    const written = output.text().trim().split('\n').map((text) => JSON.parse(text));
    expect(written[0]).toMatchObject({ externalId: 'old', outcome: 'allow' });
    expect(written[1]).toMatchObject({ line: 2, externalId: 'future', error: { code: 'INVALID_APPLICATION', fields: [{ field: 'account.openedAt' }] } });
    expect(errors.text()).toContain('line 2: account.openedAt: in the future');
  });
});
