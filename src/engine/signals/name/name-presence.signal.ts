import { defineSignal, type SignalHit } from '../../signal';

/** An individual registrant must give a name: a registration in nobody's name cannot be traced to anyone. */
export const namePresenceSignal = defineSignal({
  name: 'name.presence',
  requires: 'registrant',
  reasons: ['NAME_MISSING'],
  evaluate({ application, view }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant || view.isOrganization) return [];
    const name = registrant.name;
    if (name?.kanji || name?.kana || name?.romaji) return [];
    return [{ reason: 'NAME_MISSING', detail: 'an individual registrant gave no name in kanji, kana or romaji' }];
  },
});
