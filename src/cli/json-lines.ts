import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

/**
 * The lines of a stream, a chunk's worth at a time. Handling a batch synchronously costs far less
 * than awaiting every line (readline's iterator), which matters at thousands of lines a second.
 * Lines end in `\n` or `\r\n`; a last line without a newline is still yielded.
 */
export async function* lineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    const lines = text.split('\n');
    carry = lines.pop()!;
    if (lines.length > 0) yield lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }
  const rest = carry + decoder.end();
  if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}

/** Writes JSON lines in batches, honouring back-pressure between batches. */
export class JsonLineWriter {
  private pending: string[] = [];

  constructor(private readonly output: Writable) {}

  push(value: unknown): void {
    this.pending.push(JSON.stringify(value));
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    if (!this.output.write(text)) await once(this.output, 'drain');
  }
}
