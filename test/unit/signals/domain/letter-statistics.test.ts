import { describe, expect, it } from 'vitest';
import { isHexToken, isSyllabicWord, labelPartShape, letterModel, LetterTrigramModel } from '../../../../src/engine/signals/domain/letter-statistics';

describe(LetterTrigramModel.name, () => {
  const sut = letterModel();

  it('finds English-like letters likelier as text than as random draws', () => {
    expect(sut.naturalness('gardenstation')).toBeGreaterThan(0);
    expect(sut.naturalness('strengths')).toBeGreaterThan(0);
  });

  it('finds random letters far likelier as random draws', () => {
    expect(sut.naturalness('xjqkzv')).toBeLessThan(-15);
    expect(sut.naturalness('ggdnjtf')).toBeLessThan(-15);
  });

  it('reads romaji words and names as text (trained on IPADIC readings)', () => {
    for (const word of ['takahashi', 'kenchikusekkei', 'shinjuku', 'koumuten']) expect(sut.naturalness(word)).toBeGreaterThan(0);
    expect(sut.naturalness('takahashi')).toBeGreaterThan(sut.naturalness('tkhshaai'));
  });

  it('finds pseudo-words with letter triples text does not use less natural than words', () => {
    expect(sut.naturalness('mstaconsecc')).toBeLessThan(sut.naturalness('construction'));
    expect(sut.naturalness('epsceerd')).toBeLessThan(-4);
  });

  it('grows its evidence with length: a short abbreviation says less than a long draw', () => {
    expect(Math.abs(sut.naturalness('jtb'))).toBeLessThan(Math.abs(sut.naturalness('qzjtbxkvwq')));
  });

  it('rejects a table of the wrong size', () => {
    expect(() => LetterTrigramModel.fromTable(new Uint8Array(27 * 27), 16)).toThrow(/expected 19683/);
  });
});

describe(isSyllabicWord.name, () => {
  it.each(['takahashi', 'shinnosuke', 'tsutsumi', 'kyoto', 'ryokan', 'honma', 'satou', 'ohno', 'zhangwei', 'xiaoming', 'roupao'])('accepts %s', (word) => {
    expect(isSyllabicWord(word)).toBe(true);
  });

  it.each(['ggdnjtf', 'xjqkzv', 'strengths', 'deviantart', 'xscngce'])('rejects %s', (word) => {
    expect(isSyllabicWord(word)).toBe(false);
  });
});

describe(labelPartShape.name, () => {
  it('separates letters from digits and counts how they alternate', () => {
    expect(labelPartShape('x7jn6h8')).toEqual({ letters: 'xjnh', digits: 3, letterDigitSwitches: 5, innerDigitRuns: 2 });
    expect(labelPartShape('card0003')).toEqual({ letters: 'card', digits: 4, letterDigitSwitches: 1, innerDigitRuns: 0 });
    expect(labelPartShape('4shared')).toEqual({ letters: 'shared', digits: 1, letterDigitSwitches: 1, innerDigitRuns: 0 });
    expect(labelPartShape('m1006ka')).toEqual({ letters: 'mka', digits: 4, letterDigitSwitches: 2, innerDigitRuns: 1 });
  });
});

describe(isHexToken.name, () => {
  it('recognises a long hexadecimal hash', () => {
    expect(isHexToken('3c485ac5ea26f8febbbda892c2bcd16a', 16)).toBe(true);
  });

  it('leaves short or word-like hex letters alone', () => {
    expect(isHexToken('deadbeef', 16)).toBe(false);
    expect(isHexToken('facade2020cafe', 16)).toBe(false);
    expect(isHexToken('accededfacade2020', 16)).toBe(false);
    expect(isHexToken('20231225202312', 16)).toBe(false);
  });
});
