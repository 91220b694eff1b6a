import type { Knowledge } from '../engine';
import { loadDatacenterNetworks } from './datacenters';
import { loadDisposableEmailDomains } from './disposable-email';
import { loadKanjiSets } from './kanji';
import { loadLexicon } from './lexicon';
import { loadNameDictionary } from './names';
import { loadPostalDirectory } from './postal';

let shared: Knowledge | undefined;

/** The bundled reference data, loaded once per process. */
export function loadKnowledge(): Knowledge {
  shared ??= {
    names: loadNameDictionary(),
    kanji: loadKanjiSets(),
    postal: loadPostalDirectory(),
    disposableEmail: loadDisposableEmailDomains(),
    datacenters: loadDatacenterNetworks(),
    lexicon: loadLexicon(),
  };
  return shared;
}
