import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JsonLineWriter, lineBatches } from '../../../src/cli/json-lines';

async function linesOf(chunks: (string | Buffer)[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of lineBatches(Readable.from(chunks))) lines.push(...batch);
  return lines;
}

describe(lineBatches.name, () => {
  it('joins lines split across chunks and keeps a last line without a newline', async () => {
    await expect(linesOf(['{"a":', '1}\n{"b"', ':2}\n', '{"c":3}'])).resolves.toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('strips CRLF line ends and keeps blank lines, so line numbers stay right', async () => {
    await expect(linesOf(['one\r\n\r\ntwo\r\n'])).resolves.toEqual(['one', '', 'two']);
  });

  it('decodes a multi-byte character split between two buffers', async () => {
    const bytes = Buffer.from('佐藤\n花子\n');
    await expect(linesOf([bytes.subarray(0, 4), bytes.subarray(4)])).resolves.toEqual(['佐藤', '花子']);
  });
});

describe(JsonLineWriter.name, () => {
  it('writes pushed values as JSON lines on flush, waiting for a full stream to drain', async () => {
    const written: string[] = [];
    const output = new Writable({
      highWaterMark: 1,
      write(chunk, _encoding, callback) {
        written.push(String(chunk));
        setImmediate(callback);
      },
    });
    const sut = new JsonLineWriter(output);
    sut.push({ a: 1 });
    sut.push('x');
    await sut.flush();
    sut.push([1]);
    await sut.flush();
    await sut.flush();
    expect(written).toEqual(['{"a":1}\n"x"\n', '[1]\n']);
  });
});
