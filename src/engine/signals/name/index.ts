import type { AnySignal } from '../../signal';
import { nameDictionarySignal } from './name-dictionary.signal';
import { nameKanjiSignal } from './name-kanji.signal';
import { namePlaceholderSignal } from './name-placeholder.signal';
import { namePresenceSignal } from './name-presence.signal';
import { nameReadingsSignal } from './name-readings.signal';
import { nameRomanizationSignal } from './name-romanization.signal';
import { nameScriptSignal } from './name-script.signal';
import { personOrOrganizationSignal } from './person-or-organization.signal';

export const nameSignals: readonly AnySignal[] = [
  namePresenceSignal,
  namePlaceholderSignal,
  personOrOrganizationSignal,
  nameScriptSignal,
  nameReadingsSignal,
  nameRomanizationSignal,
  nameKanjiSignal,
  nameDictionarySignal,
];
