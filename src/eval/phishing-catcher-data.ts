// SPDX-License-Identifier: GPL-3.0-only
/**
 * Data of phishing_catcher (github.com/x0rz/phishing_catcher, Copyright (c) 2017 @x0rz), used ONLY
 * by the evaluation (`npm run eval:domains`) as a comparison row; nothing in the product imports it.
 *
 * Licence: GNU GPL v3 (the repository's README says "GNU GPLv3"; catch_phishing.py carries the
 * GPL-3.0 notice "version 3 of the License"). This file is a transcription of that data and is
 * therefore GPL-3.0 too, unlike the rest of shinsa (MIT).
 *
 * Sources:
 * - `suspicious.yaml` at commit 14b564ebb444db5e64ec0668771263163d67d827 (keywords with weights,
 *   TLDs, ignore_domains). The newest version available to us; it has `ignore_domains`, which the
 *   scoring function never reads.
 * - `confusables.py` at commit 1d52ad22f264f72ea6c0a3d5247f5de381fc9704 (lookalike characters,
 *   "list from http://www.unicode.org/reports/tr39").
 */

/** `keywords:` — substring → points, in file order. */
export const SUSPICIOUS_KEYWORDS: ReadonlyArray<readonly [string, number]> = [
  // Generic suspicious
  ['login', 25], ['log-in', 25], ['sign-in', 25], ['signin', 25], ['account', 30], ['verification', 25],
  ['verify', 30], ['webscr', 25], ['password', 25], ['credential', 25], ['support', 25], ['activity', 25],
  ['security', 25], ['update', 25], ['authentication', 30], ['authenticate', 30], ['authorize', 25],
  ['wallet', 25], ['alert', 25], ['purchase', 25], ['transaction', 25], ['recover', 25], ['unlock', 25],
  ['confirm', 20], ['live', 15], ['office', 15], ['service', 15], ['manage', 15], ['portal', 15],
  ['invoice', 15], ['secure', 10], ['customer', 10], ['client', 10], ['bill', 10], ['online', 10],
  ['safe', 10], ['form', 10], ['drive', 15], ['confirmation', 10], ['pay', 20],
  // Apple iCloud
  ['appleid', 70], ['icloud', 60], ['iforgot', 60], ['itunes', 50], ['apple', 30],
  // Email
  ['office365', 50], ['microsoft', 60], ['windows', 30], ['protonmail', 70], ['tutanota', 60],
  ['hotmail', 60], ['gmail', 70], ['outlook', 60], ['yahoo', 60], ['google', 60], ['yandex', 60],
  // Social Media
  ['twitter', 60], ['facebook', 60], ['tumblr', 60], ['reddit', 60], ['youtube', 40], ['linkedin', 60],
  ['instagram', 60], ['flickr', 60], ['whatsapp', 60],
  // Cryptocurrency
  ['localbitcoin', 70], ['poloniex', 60], ['coinhive', 70], ['bithumb', 60], ['kraken', 50],
  ['bitstamp', 60], ['bittrex', 60], ['blockchain', 70], ['bitflyer', 60], ['coinbase', 60],
  ['hitbtc', 60], ['lakebtc', 60], ['bitfinex', 60], ['bitconnect', 60], ['coinsbank', 60],
  // Bank/money
  ['paypal', 70], ['moneygram', 60], ['westernunion', 60], ['bankofamerica', 60], ['wellsfargo', 60],
  ['citigroup', 60], ['santander', 60], ['morganstanley', 60], ['barclays', 50], ['hsbc', 50],
  ['scottrade', 60], ['ameritrade', 60], ['merilledge', 60], ['bank', 15],
  // Ecommerce
  ['amazon', 60], ['overstock', 60], ['alibaba', 60], ['aliexpress', 60], ['leboncoin', 70], ['ebay', 60],
  ['rakuten', 50],
  // Other
  ['netflix', 70], ['hulu', 50], ['skype', 60], ['github', 20], ['onedrive', 45], ['dropbox', 60],
  ['docomo', 60], ['gitlab', 10], ['jira', 20],
  // Miscellaneous & SE tricks
  ['cgi-bin', 50], ['-com.', 30], ['.net-', 30], ['.org-', 30], ['.com-', 30], ['.net.', 30],
  ['.org.', 30], ['.com.', 30], ['.gov-', 30], ['.gov.', 30], ['.gouv-', 40], ['-gouv-', 40],
  ['.gouv.', 40],
  // FR specific
  ['suivi', 50], ['laposte', 50],
];

/** `tlds:` — suffixes (with their dot) that add 20 points each when the name ends with them. */
export const SUSPICIOUS_TLDS: readonly string[] = [
  '.accountant', '.accountants', '.agency', '.airforce', '.army', '.asia', '.band', '.bank', '.bid',
  '.bike', '.blackfriday', '.blue', '.business', '.cafe', '.cam', '.casa', '.cc', '.center', '.cf',
  '.christmas', '.click', '.cloud', '.club', '.country', '.creditcard', '.cricket', '.cymru', '.date',
  '.desi', '.diet', '.download', '.email', '.equipment', '.eus', '.express', '.faith', '.fun',
  '.futbol', '.ga', '.gb', '.gdn', '.gq', '.help', '.hospital', '.host', '.immo', '.info',
  '.institute', '.jetzt', '.kim', '.life', '.limited', '.link', '.loan', '.lol', '.ltda', '.men',
  '.ml', '.mom', '.nagoya', '.navy', '.network', '.one', '.online', '.organic', '.party', '.press',
  '.promo', '.pub', '.pw', '.racing', '.red', '.reise', '.reisen', '.ren', '.repair', '.review',
  '.rodeo', '.ryukyu', '.schule', '.science', '.services', '.shop', '.site', '.soccer', '.soy',
  '.space', '.store', '.stream', '.study', '.support', '.systems', '.tech', '.technology', '.tk',
  '.today', '.tokyo', '.top', '.trade', '.trading', '.viajes', '.vip', '.webcam', '.website',
  '.whoswho', '.win', '.work', '.world', '.wtf', '.xin', '.xn--tckwe', '.xyz', '.yokohama',
];

/**
 * `confusables` of confusables.py, in file order: each entry is the replacement and the code points
 * (hex) it replaces. Built into a map in this order, so a code point listed twice keeps its last
 * replacement, as in the Python dict literal (U+1D7E4 → '9', U+1F100/U+1F101 → 'o.').
 * Note the ASCII entries '1' and '|' (→ 'l'): they apply to every name, not only to IDNs.
 */
const CONFUSABLE_RUNS: ReadonlyArray<readonly [string, string]> = [
  ['1', '2460 2780'],
  ['2', '1D7D0 1D7DA 1D7E4 1D7EE 1D7F8 A75A 01A7 03E8 A644 14BF A6EF 2461 2781 01BB'],
  ['2.', '1F103 2489'],
  ['3', '1D206 1D7D1 1D7DB 1D7E5 1D7EF 1D7F9 16F3B 118CA A7AB 021C 01B7 A76A 2CCC 0417 04E0 0AE9 2462 0498'],
  ['3.', '1F104 248A'],
  ['4', '1D7D2 1D7DC 1D7E6 1D7F0 1D7FA 118AF 13CE 2463 2783 1530'],
  ['4.', '1F105 248B'],
  ['5', '1D7D3 1D7DD 1D7E7 1D7F1 1D7FB 118BB 01BC 2464 2784'],
  ['5.', '1F106 248C'],
  ['6', '1D7D4 1D7DE 1D7E8 1D7F2 1D7FC 118D5 2CD2 0431 13EE 2465 2785'],
  ['6.', '1F107 248D'],
  ['7', '1D212 1D7D5 1D7DF 1D7E9 1D7F3 1D7FD 104D2 118C6 2466 2786'],
  ['7.', '1F108 248E'],
  ['8', '1E8CB 1D7D6 1D7E0 1D7EA 1D7F4 1D7FE 1031A 0B03 09EA 0A6A 0223 0222 2467 2787'],
  ['8.', '1F109 248F'],
  ['9', '1D7D7 1D7E1 1D7E4 1D7EB 1D7F5 1D7FF 118CC 118AC 118D6 0A67 0B68 09ED 0D6D A76E 2CCA 0967 06F9 2468 2788'],
  ['9.', '1F10A 2490'],
  [
    'a',
    '1D41A 1D44E 1D482 1D4B6 1D4EA 1D51E 1D552 1D586 1D5BA 1D5EE 1D622 1D656 1D68A 1D6C2 1D6FC 1D736 1D770 1D7AA ' +
      '1D400 1D434 1D468 1D49C 1D4D0 1D504 1D538 1D56C 1D5A0 1D5D4 1D608 1D63C 1D670 1D6A8 1D6E2 1D71C 1D756 1D790 ' +
      '237A FF41 0251 03B1 0430 2DF6 FF21 0391 0410 13AA 15C5 A4EE 2376 01CE 0103 01CD 0102 0227 00E5 0226 00C5 1E9A 1EA3 AB7A 1D00',
  ],
  ['aa', 'A733 A732'],
  ['ae', '00E6 04D5 00C6 04D4'],
  ['ao', 'A735 A734'],
  ['ar', '1F707'],
  ['au', 'A737 A736'],
  ['av', 'A738 A739 A73A A73B'],
  ['ay', 'A73D A73C'],
  [
    'b',
    '1D41B 1D44F 1D483 1D4B7 1D4EB 1D51F 1D553 1D587 1D5BB 1D5EF 1D623 1D657 1D68B 1D401 1D435 1D469 1D4D1 1D505 ' +
      '1D539 1D56D 1D5A1 1D5D5 1D609 1D63D 1D671 1D6A9 1D6E3 1D71D 1D757 1D791 10282 102A1 10301 1D6C3 1D6FD 1D737 ' +
      '1D771 1D7AB 0184 042C 13CF 15AF FF22 212C A7B4 0392 0412 13F4 15F7 A4D0 0253 0183 0182 0411 0180 048D 048C ' +
      '0463 0462 0432 13FC 0299 A7B5 03B2 03D0 13F0 00DF',
  ],
  ['bl', '042B'],
  [
    'c',
    '1D41C 1D450 1D484 1D4B8 1D4EC 1D520 1D554 1D588 1D5BC 1D5F0 1D624 1D658 1D68C 1043D 1F74C 118F2 118E9 1D402 ' +
      '1D436 1D46A 1D49E 1D4D2 1D56E 1D5A2 1D5D6 1D60A 1D63E 1D672 102A2 10302 10415 1051C FF43 217D 1D04 03F2 2CA5 ' +
      '0441 ABAF 2DED FF23 216D 2102 212D 03F9 2CA4 0421 13DF A4DA 00A2 023C 20A1 00E7 04AB 00C7 04AA 0187',
  ],
  [
    'd',
    '1D41D 1D451 1D485 1D4B9 1D4ED 1D521 1D555 1D589 1D5BD 1D5F1 1D625 1D659 1D68D 1D403 1D437 1D46B 1D49F 1D4D3 ' +
      '1D507 1D53B 1D56F 1D5A3 1D5D7 1D60B 1D63F 1D673 217E 2146 0501 13E7 146F A4D2 216E 2145 13A0 15DE 15EA A4D3 ' +
      '0257 0256 018C 0111 0110 00D0 0189 20AB 147B 1487 0257 0256 018C 0111 0110 00D0 0189 20AB 147B 1487 AB70',
  ],
  [
    'e',
    '1D41E 1D452 1D486 1D4EE 1D522 1D556 1D58A 1D5BE 1D5F2 1D626 1D65A 1D68E 1D404 1D438 1D46C 1D4D4 1D508 1D53C ' +
      '1D570 1D5A4 1D5D8 1D60C 1D640 1D674 1D6AC 1D6E6 1D720 1D75A 1D794 118A6 118AE 10286 1D221 212E FF45 212F 2147 ' +
      'AB32 0435 04BD 2DF7 22FF FF25 2130 0395 0415 2D39 13AC A4F0 011B 011A 0247 0246 04BF AB7C 1D07 0259 01DD 04D9 ' +
      '2107 0510 13CB',
  ],
  [
    'f',
    '1D41F 1D453 1D487 1D4BB 1D4EF 1D523 1D557 1D58B 1D5BF 1D5F3 1D627 1D65B 1D68F 1D213 1D405 1D439 1D46D 1D4D5 ' +
      '1D509 1D53D 1D571 1D5A5 1D5D9 1D60D 1D641 1D675 1D7CA 118C2 118A2 10287 102A5 10525 AB35 A799 017F 1E9D 0584 ' +
      '2131 A798 03DC 15B4 A4DD 0192 0191 1D6E',
  ],
  ['ff', 'FB00'],
  ['ffi', 'FB03'],
  ['ffl', 'FB04'],
  ['fi', 'FB01'],
  ['fl', 'FB02'],
  ['fn', '02A9'],
  [
    'g',
    '1D420 1D454 1D488 1D4F0 1D524 1D558 1D58C 1D5C0 1D5F4 1D628 1D65C 1D690 1D406 1D43A 1D46E 1D4A2 1D4D6 1D50A ' +
      '1D53E 1D572 1D5A6 1D5DA 1D60E 1D642 1D676 FF47 210A 0261 1D83 018D 0581 050C 13C0 13F3 A4D6 1DA2 1D4D 0260 ' +
      '01E7 011F 01E6 011E 01F5 0123 01E5 01E4 0193 050D AB90 13FB',
  ],
  [
    'h',
    '1D421 1D489 1D4BD 1D4F1 1D525 1D559 1D58D 1D5C1 1D5F5 1D629 1D65D 1D691 1D407 1D43B 1D46F 1D4D7 1D573 1D5A7 ' +
      '1D5DB 1D60F 1D643 1D677 1D6AE 1D6E8 1D722 1D75C 1D796 102CF 10199 FF48 210E 04BB 0570 13C2 FF28 210B 210C 210D ' +
      '0397 2C8E 041D 13BB 157C A4E7 1D78 1D34 0266 A695 13F2 2C67 04A2 0127 210F 045B 0126 04C9 04C7 043D 029C AB8B ' +
      '04A3 04CA 04C8',
  ],
  [
    'i',
    '1D422 1D456 1D48A 1D4BE 1D4F2 1D526 1D55A 1D58E 1D5C2 1D5F6 1D62A 1D65E 1D692 1D6A4 1D6CA 1D704 1D73E 1D778 ' +
      '1D7B2 118C3 02DB 2373 FF49 2170 2139 2148 0131 026A 0269 03B9 1FBE 037A 0456 A647 04CF AB75 13A5 24DB 2378 01D0 ' +
      '01CF 0268 1D7B 1D7C',
  ],
  ['ii', '2171'],
  ['iii', '2172'],
  ['ij', '0133'],
  ['iv', '2173'],
  ['ix', '2178'],
  [
    'j',
    '1D423 1D457 1D48B 1D4BF 1D4F3 1D527 1D55B 1D58F 1D5C3 1D5F7 1D62B 1D65F 1D693 1D409 1D43D 1D471 1D4A5 1D4D9 ' +
      '1D50D 1D541 1D575 1D5A9 1D5DD 1D611 1D645 1D679 1D6A5 FF4A 2149 03F3 0458 FF2A A7B2 037F 0408 13AB 148D A4D9 ' +
      '0249 0248 1499 0575 AB7B 1D0A',
  ],
  [
    'k',
    '1D424 1D458 1D48C 1D4C0 1D4F4 1D528 1D55C 1D590 1D5C4 1D5F8 1D62C 1D660 1D694 1D40A 1D43E 1D472 1D4A6 1D4DA ' +
      '1D50E 1D542 1D576 1D5AA 1D5DE 1D612 1D646 1D67A 1D6B1 1D6EB 1D725 1D75F 1D799 1D6CB 1D6DE 1D705 1D718 1D73F ' +
      '1D752 1D779 1D78C 1D7B3 1D7C6 212A FF2B 039A 2C94 041A 13E6 16D5 A4D7 0199 2C69 049A 20AD A740 049E 0198 1D0B ' +
      '0138 03BA 03F0 2C95 043A ABB6 049B 049F',
  ],
  [
    'l',
    '10320 1E8C7 1D7CF 1D7D9 1D7E3 1D7ED 1D7F7 1D408 1D43C 1D470 1D4D8 1D540 1D574 1D5A8 1D5DC 1D610 1D644 1D678 ' +
      '1D425 1D459 1D48D 1D4C1 1D4F5 1D529 1D55D 1D591 1D5C5 1D5F9 1D62D 1D661 1D695 1D6B0 1D6EA 1D724 1D75E 1D798 ' +
      '1EE00 1EE80 16F28 1028A 10309 1D22A 1D40B 1D43F 1D473 1D4DB 1D50F 1D543 1D577 1D5AB 1D5DF 1D613 1D647 1D67B ' +
      '16F16 118A3 118B2 1041B 10526 10443 05C0 007C 2223 23FD FFE8 0031 0661 06F1 0049 FF29 2160 2110 2111 0196 FF4C ' +
      '217C 2113 01C0 0399 2C92 0406 04C0 05D5 05DF 0627 FE8E FE8D 07CA 2D4F 16C1 A4F2 216C 2112 2CD0 13DE 14AA A4E1 ' +
      'FD3C FD3D 0142 0141 026D 0197 019A 026B 0625 FE88 FE87 0673 0140 013F 14B7 0623 FE84 FE83 0672 0675 2CD1 ABAE',
  ],
  ['l.', '1F102 2488'],
  ['lj', '01C9 0132 01C8 01C7'],
  ['ll', '2016 2225 2161 01C1 05F0'],
  ['lll', '2162'],
  ['ls', '02AA'],
  ['lt', '20B6'],
  ['lv', '2163'],
  ['lx', '2168'],
  ['lz', '02AB'],
  [
    'm',
    '1D40C 1D440 1D474 1D4DC 1D510 1D544 1D578 1D5AC 1D5E0 1D614 1D648 1D67C 1D6B3 1D6ED 1D727 1D761 1D79B 102B0 ' +
      '10311 FF2D 216F 2133 039C 03FA 2C98 041C 13B7 15F0 16D6 A4DF 04CD 2DE8 1DDF 1E43',
  ],
  ['mb', '1F76B'],
  [
    'n',
    '1D427 1D45B 1D48F 1D4C3 1D4F7 1D52B 1D55F 1D593 1D5C7 1D5FB 1D62F 1D663 1D697 1D40D 1D441 1D475 1D4A9 1D4DD ' +
      '1D511 1D579 1D5AD 1D5E1 1D615 1D649 1D67D 1D6B4 1D6EE 1D728 1D762 1D79C 10513 1018E 1D6C8 1D702 1D73C 1D776 ' +
      '1D7B0 1044D 0578 057C FF2E 2115 039D 2C9A A4E0 0273 019E 03B7 019D 1D70 0146 0272',
  ],
  ['nj', '01CC 01CB 01CA'],
  ['no', '2116'],
  [
    'o',
    '1D428 1D45C 1D490 1D4F8 1D52C 1D560 1D594 1D5C8 1D5FC 1D630 1D664 1D698 1D6D0 1D70A 1D744 1D77E 1D7B8 1D6D4 ' +
      '1D70E 1D748 1D782 1D7BC 1EE24 1EE64 1EE84 104EA 118C8 118D7 1042C 114D0 118E0 1D7CE 1D7D8 1D7E2 1D7EC 1D7F6 ' +
      '1D40E 1D442 1D476 1D4AA 1D4DE 1D512 1D546 1D57A 1D5AE 1D5E2 1D616 1D64A 1D67E 1D6B6 1D6F0 1D72A 1D764 1D79E ' +
      '104C2 118B5 10292 102AB 10404 10516 1D21A 1F714 1D6C9 1D6DD 1D703 1D717 1D73D 1D751 1D777 1D78B 1D7B1 1D7C5 ' +
      '1D6AF 1D6B9 1D6E9 1D6F3 1D723 1D72D 1D75D 1D767 1D797 1D7A1 1F101 1F100 0C02 0C82 0D02 0D82 0966 0A66 0AE6 ' +
      '0BE6 0C66 0CE6 0D66 0E50 0ED0 1040 0665 06F5 FF4F 2134 1D0F 1D11 AB3D 03BF 03C3 2C9F 043E 10FF 0585 05E1 0647 ' +
      'FEEB FEEC FEEA FEE9 06BE FBAC FBAD FBAB FBAA 06C1 FBA8 FBA9 FBA7 FBA6 06D5 0D20 101D 07C0 09E6 0B66 3007 FF2F ' +
      '039F 2C9E 041E 0555 2D54 12D0 0B20 A4F3 2070 00BA 1D52 01D2 014F 01D1 014E 06FF 00F8 AB3E 00D8 2D41 01FE 0275 ' +
      'A74B 04E9 0473 AB8E ABBB 2296 229D 236C 019F A74A 03B8 03D1 0398 03F4 04E8 0472 2D31 13BE 13EB AB74 FCD9 01A1 ' +
      '01A0 13A4',
  ],
  ['o.', '1F101 1F100'],
  ['oe', '0153 0152 0276'],
  ['oo', '221E A74F A699 A74E A698 1010'],
  [
    'p',
    '1D429 1D45D 1D491 1D4C5 1D4F9 1D52D 1D561 1D595 1D5C9 1D5FD 1D631 1D665 1D699 1D6D2 1D6E0 1D70C 1D71A 1D746 ' +
      '1D754 1D780 1D78E 1D7BA 1D7C8 1D40F 1D443 1D477 1D4AB 1D4DF 1D513 1D57B 1D5AF 1D5E3 1D617 1D64B 1D67F 1D6B8 ' +
      '1D6F2 1D72C 1D766 1D7A0 10295 2374 FF50 03C1 03F1 2CA3 0440 FF30 2119 03A1 2CA2 0420 13E2 146D A4D1 01A5 1D7D ' +
      '1477 1486 1D29 ABB2',
  ],
  [
    'q',
    '1D42A 1D45E 1D492 1D4C6 1D4FA 1D52E 1D562 1D596 1D5CA 1D5FE 1D632 1D666 1D69A 1D410 1D444 1D478 1D4AC 1D4E0 ' +
      '1D514 1D57C 1D5B0 1D5E4 1D618 1D64C 1D680 051B 0563 0566 211A 2D55 02A0 1D90 024B',
  ],
  [
    'r',
    '1D42B 1D45F 1D493 1D4C7 1D4FB 1D52F 1D563 1D597 1D5CB 1D5FF 1D633 1D667 1D69B 1D216 1D411 1D445 1D479 1D4E1 ' +
      '1D57D 1D5B1 1D5E5 1D619 1D64D 1D681 104B4 AB47 AB48 1D26 2C85 0433 AB81 211B 211C 211D 01A6 13A1 13D2 1587 A4E3 ' +
      '027D 027C 024D 0493 1D72 0491 AB71 0280 ABA2 1D73',
  ],
  [
    'rn',
    '118E3 1D426 1D45A 1D48E 1D4C2 1D4F6 1D52A 1D55E 1D592 1D5C6 1D5FA 1D62E 1D662 1D696 11700 217F 20A5 0271 1D6F',
  ],
  [
    's',
    '1D42C 1D460 1D494 1D4C8 1D4FC 1D530 1D564 1D598 1D5CC 1D600 1D634 1D668 1D69C 118C1 10448 1D412 1D446 1D47A ' +
      '1D4AE 1D4E2 1D516 1D54A 1D57E 1D5B2 1D5E6 1D61A 1D64E 1D682 16F3A 10296 10420 FF53 A731 01BD 0455 ABAA FF33 ' +
      '0405 054F 13D5 13DA A4E2 0282 1D74',
  ],
  ['sss', '1F75C'],
  ['st', 'FB06'],
  [
    't',
    '1D42D 1D461 1D495 1D4C9 1D4FD 1D531 1D565 1D599 1D5CD 1D601 1D635 1D669 1D69D 1F768 1D413 1D447 1D47B 1D4AF ' +
      '1D4E3 1D517 1D54B 1D57F 1D5B3 1D5E7 1D61B 1D64F 1D683 1D6BB 1D6F5 1D72F 1D769 1D7A3 16F0A 118BC 10297 102B1 ' +
      '10315 1D6D5 1D70F 1D749 1D783 1D7BD 22A4 27D9 FF34 03A4 2CA6 0422 13A2 A4D4 2361 023E 021A 0162 01AE 04AC 20AE ' +
      '0167 0166 1D75',
  ],
  [
    'u',
    '1D42E 1D462 1D496 1D4CA 1D4FE 1D532 1D566 1D59A 1D5CE 1D602 1D636 1D66A 1D69E 1D6D6 1D710 1D74A 1D784 1D7BE ' +
      '104F6 118D8 1D414 1D448 1D47C 1D4B0 1D4E4 1D518 1D54C 1D580 1D5B4 1D5E8 1D61C 1D650 1D684 104CE 16F42 118B8 ' +
      'A79F 1D1C AB4E AB52 028B 03C5 057D 222A 22C3 054D 1200 144C A4F4 01D4 01D3 1D7E AB9C 0244 13CC 1458 1467 2127 ' +
      '162E 1634 01B1 1D7F',
  ],
  ['ue', '1D6B'],
  ['uo', 'AB63'],
  [
    'v',
    '1D42F 1D463 1D497 1D4CB 1D4FF 1D533 1D567 1D59B 1D5CF 1D603 1D637 1D66B 1D69F 1D6CE 1D708 1D742 1D77C 1D7B6 ' +
      '11706 118C0 1D20D 1D415 1D449 1D47D 1D4B1 1D4E5 1D519 1D54D 1D581 1D5B5 1D5E9 1D61D 1D651 1D685 16F08 118A0 ' +
      '1051D 10197 1F708 2228 22C1 FF56 2174 1D20 03BD 0475 05D8 ABA9 0667 06F7 2164 0474 2D38 13D9 142F A6DF A4E6 143B',
  ],
  ['vb', '1F76C'],
  ['vi', '2175'],
  ['vii', '2176'],
  ['viii', '2177'],
  ['vl', '2165'],
  ['vll', '2166'],
  ['vlll', '2167'],
  [
    'w',
    '1D430 1D464 1D498 1D4CC 1D500 1D534 1D568 1D59C 1D5D0 1D604 1D638 1D66C 1D6A0 1170A 1170E 1170F 118EF 118E6 ' +
      '1D416 1D44A 1D47E 1D4B2 1D4E6 1D51A 1D54E 1D582 1D5B6 1D5EA 1D61E 1D652 1D686 114C5 026F 1D21 0461 051D 0561 ' +
      'AB83 051C 13B3 13D4 A4EA 047D 20A9 A761',
  ],
  [
    'x',
    '1D431 1D465 1D499 1D4CD 1D501 1D535 1D569 1D59D 1D5D1 1D605 1D639 1D66D 1D6A1 10322 118EC 1D417 1D44B 1D47F ' +
      '1D4B3 1D4E7 1D51B 1D54F 1D583 1D5B7 1D5EB 1D61F 1D653 1D687 1D6BE 1D6F8 1D732 1D76C 1D7A6 10290 102B4 10317 ' +
      '10527 10196 166E 00D7 292B 292C 2A2F FF58 2179 0445 1541 157D 2DEF 036F 166D 2573 FF38 2169 A7B3 03A7 2CAC 0425 ' +
      '2D5D 16B7 A4EB 2A30 04B2',
  ],
  ['xi', '217A'],
  ['xii', '217B'],
  ['xl', '216A'],
  ['xll', '216B'],
  [
    'y',
    '1D432 1D466 1D49A 1D4CE 1D502 1D536 1D56A 1D59E 1D5D2 1D606 1D63A 1D66E 1D6A2 1D6C4 1D6FE 1D738 1D772 1D7AC ' +
      '118DC 1D418 1D44C 1D480 1D4B4 1D4E8 1D51C 1D550 1D584 1D5B8 1D5EC 1D620 1D654 1D688 1D6BC 1D6F6 1D730 1D76A ' +
      '1D7A4 16F43 118A4 102B2 0263 1D8C FF59 028F 1EFF AB5A 03B3 213D 0443 04AF 10E7 FF39 03A5 03D2 2CA8 0423 04AE ' +
      '13A9 13BD A4EC 01B4 024F 04B1 00A5 024E 04B0',
  ],
  [
    'z',
    '1D433 1D467 1D49B 1D4CF 1D503 1D537 1D56B 1D59F 1D5D3 1D607 1D63B 1D66F 1D6A3 118C4 102F5 118E5 1D419 1D44D ' +
      '1D481 1D4B5 1D4E9 1D585 1D5B9 1D5ED 1D621 1D655 1D689 1D6AD 1D6E7 1D721 1D75B 1D795 118A9 1D22 AB93 FF3A 2124 ' +
      '2128 0396 13C3 A4DC 0290 01B6 01B5 0225 0224 1D76',
  ],
  ['-', '2010 2011 2012 2013 FE58 06D4 2043 02D7 2212 2796 2CBA'],
];

/** confusables.py's dict: one code point (as a string) → its replacement. */
export const CONFUSABLES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [replacement, codePoints] of CONFUSABLE_RUNS) {
    for (const hex of codePoints.split(' ')) map.set(String.fromCodePoint(Number.parseInt(hex, 16)), replacement);
  }
  return map;
})();
