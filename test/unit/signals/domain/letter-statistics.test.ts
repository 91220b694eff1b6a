import { describe, expect, it } from 'vitest';
import { shippedEngine } from '../../../support/engine';
import { isHexToken, isSyllabicWord, labelPartShape, LetterBigramModel } from '../../../../src/engine/signals/domain/letter-statistics';

describe(LetterBigramModel.name, () => {
  const sut = LetterBigramModel.fromWords(shippedEngine().rules.lists.get('english-words')!.entries);

  it('finds English-like letters likelier as text than as random draws', () => {
    expect(sut.naturalness('gardenstation')).toBeGreaterThan(0);
    expect(sut.naturalness('strengths')).toBeGreaterThan(0);
  });

  it('finds random letters far likelier as random draws', () => {
    expect(sut.naturalness('xjqkzv')).toBeLessThan(-15);
    expect(sut.naturalness('ggdnjtf')).toBeLessThan(-15);
  });

  it('knows romaji from its own syllables, without Japanese words in the list', () => {
    const englishOnly = LetterBigramModel.fromWords(['street', 'strength', 'market', 'station', 'garden']);
    expect(englishOnly.naturalness('takahashi')).toBeGreaterThan(0);
    expect(sut.naturalness('takahashi')).toBeGreaterThan(sut.naturalness('tkhshaai'));
  });

  it('grows its evidence with length: a short abbreviation says less than a long draw', () => {
    expect(Math.abs(sut.naturalness('jtb'))).toBeLessThan(Math.abs(sut.naturalness('qzjtbxkvwq')));
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
