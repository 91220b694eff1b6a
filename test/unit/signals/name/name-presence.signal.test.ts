import { describe, expect, it } from 'vitest';
import { namePresenceSignal } from '../../../../src/engine/signals/name/name-presence.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(namePresenceSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0]) => reasonsOf(runSignal(namePresenceSignal, anApplication(overrides)));

  it('reports an individual with no name in any form', () => {
    expect(sut({ registrant: { name: undefined } })).toEqual(['NAME_MISSING']);
    expect(sut({ registrant: { name: { kanji: null, kana: null, romaji: null } } })).toEqual(['NAME_MISSING']);
  });

  it('accepts any one of the three forms', () => {
    expect(sut({ registrant: { name: { kanji: '佐藤 花子', kana: undefined, romaji: undefined } } })).toEqual([]);
    expect(sut({ registrant: { name: { kanji: undefined, kana: 'サトウ ハナコ', romaji: undefined } } })).toEqual([]);
    expect(sut({ registrant: { name: { kanji: undefined, kana: undefined, romaji: 'Hanako Sato' } } })).toEqual([]);
  });

  it('leaves an organisation without a contact name to the organisation signals', () => {
    expect(sut({ registrant: { type: 'organization', name: undefined, organization: { name: '株式会社サンプル' } } })).toEqual([]);
  });

  it('says nothing when the application has no registrant', () => {
    expect(sut({ registrant: undefined })).toEqual([]);
  });
});
