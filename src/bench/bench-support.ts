import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Deterministic PRNG (mulberry32) so every run of a benchmark works on the same input. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream that counts what it is given and keeps nothing, so output costs serialisation only. */
export class NullSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

/** Peak resident set (VmHWM) of a process, or of this one, in MiB: from /proc, so Linux only. */
export function peakRssMiB(pid: number | 'self' = 'self'): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
