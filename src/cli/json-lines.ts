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

/** Bytes of the buffer JSON lines are encoded into; a flush writes the part filled since the last one. */
const CHUNK_BYTES = 1 << 20;

/**
 * Writes JSON lines in batches, honouring back-pressure between batches. Each line is encoded as
 * UTF-8 straight into a buffer: joining a batch into one string and encoding that cost more than
 * serialising it (assessments hold Japanese text, so the joined string is two-byte).
 */
export class JsonLineWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  /** Bytes of `chunk` already written out, and bytes filled. */
  private flushed = 0;
  private filled = 0;
  /** Filled parts of earlier chunks, not yet written. */
  private full: Buffer[] = [];

  constructor(private readonly output: Writable) {}

  push(value: unknown): void {
    this.pushJson(JSON.stringify(value));
  }

  /** Adds a line already serialised as JSON (one value, no newline). */
  pushJson(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; a line that may not fit starts a new chunk.
    const room = line.length * 3 + 1;
    if (this.filled + room > this.chunk.length) {
      if (this.filled > this.flushed) this.full.push(this.chunk.subarray(this.flushed, this.filled));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
      this.flushed = 0;
      this.filled = 0;
    }
    this.filled += this.chunk.write(line, this.filled);
    this.chunk[this.filled++] = 0x0a;
  }

  async flush(): Promise<void> {
    if (this.filled > this.flushed) {
      this.full.push(this.chunk.subarray(this.flushed, this.filled));
      this.flushed = this.filled;
    }
    if (this.full.length === 0) return;
    const text = this.full.length === 1 ? this.full[0]! : Buffer.concat(this.full);
    this.full = [];
    if (!this.output.write(text)) await once(this.output, 'drain');
  }
}
