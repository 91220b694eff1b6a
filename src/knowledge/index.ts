import type { Knowledge } from '../engine';
import { loadDatacenterNetworks } from './datacenters';
import { loadDisposableEmailDomains } from './disposable-email';
import { loadKanjiSets } from './kanji';
import { loadLexicon } from './lexicon';
import { loadNameDictionary } from './names';
import { onFirstRead } from './on-first-read';
import { loadPostalDirectory } from './postal';

let shared: Knowledge | undefined;

/**
 * The bundled reference data, loaded once per process, each source when a signal first reads it:
 * `shinsa domains` never reads the names, postal codes or disposable-e-mail lists, and an
 * application without an e-mail address does not load the e-mail lists.
 */
export function loadKnowledge(): Knowledge {
  shared ??= onFirstRead({
    names: loadNameDictionary,
    kanji: loadKanjiSets,
    postal: loadPostalDirectory,
    disposableEmail: loadDisposableEmailDomains,
    datacenters: loadDatacenterNetworks,
    lexicon: loadLexicon,
  });
  return shared;
}
