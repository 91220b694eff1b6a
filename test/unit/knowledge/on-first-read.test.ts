import { describe, expect, it } from 'vitest';
import { onFirstRead } from '../../../src/knowledge/on-first-read';

describe(onFirstRead.name, () => {
  it('loads each property on its first read, once, and leaves the others unloaded', () => {
    const loaded: string[] = [];
    const sut = onFirstRead<{ names: string[]; postal: number }>({
      names: () => (loaded.push('names'), ['佐藤']),
      postal: () => (loaded.push('postal'), 7),
    });
    expect(loaded).toEqual([]);
    expect(sut.names).toEqual(['佐藤']);
    expect(sut.names).toBe(sut.names);
    expect(loaded).toEqual(['names']);
    expect(Object.keys(sut)).toEqual(['names', 'postal']);
    expect(sut.postal).toBe(7);
    expect(loaded).toEqual(['names', 'postal']);
  });
});
