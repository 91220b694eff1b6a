import { randomUUID } from 'node:crypto';
import type { Application } from '../../src/engine';

type DeepPartial<T> = T extends readonly (infer U)[] ? readonly U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `overrides` deep-merged onto `base` (objects merge, anything else replaces; `undefined` removes a key). */
export function merge<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = isPlainObject(value) && isPlainObject(result[key]) ? merge(result[key], value) : value;
  }
  return result as T;
}

/**
 * A complete, unremarkable application from a Japanese individual: every signal should stay quiet.
 * Override any part; `undefined` removes a key, `null` sets it to null.
 */
export function anApplication(overrides: DeepPartial<Application> = {}): Application {
  const base: Application = {
    externalId: 'reg-000001',
    product: 'domain',
    submittedAt: '2026-11-27T10:15:00+09:00',
    domain: { name: 'sato-hanako.jp', nameservers: ['ns1.example.net', 'ns2.example.net'], registrar: 'r1', reseller: null },
    registrant: {
      type: 'individual',
      name: { kanji: '佐藤 花子', kana: 'サトウ ハナコ', romaji: 'Hanako Sato' },
      email: 'hanako.sato@example.ne.jp',
      phone: '+81 90-4821-7390',
      address: { postalCode: '150-0043', prefecture: '東京都', city: '渋谷区', line1: '道玄坂1-10-8', country: 'JP' },
    },
    verification: { sms: { number: '+819048217390', verifiedAt: '2026-11-27T10:14:00+09:00', attempts: 1 } },
    signup: { ip: '126.12.34.56', port: 51234, at: '2026-11-27T10:14:30+09:00', userAgent: 'Mozilla/5.0', acceptLanguage: 'ja-JP' },
    payment: { method: 'card', cardCountry: 'JP', fingerprint: 'sha256:0f1e2d' },
  };
  return merge(base, overrides);
}

/** Given names for anUnlinkedApplication: one name shared by every signup would link them all weakly once one is labelled fraud. */
const GIVEN_NAMES = ['花子', '太郎', '次郎', '三郎', '桜', '翼', '陽菜', '蓮', '結衣', '湊', '葵', '樹', '凛', '大和', '美咲', '悠真'];

/**
 * An application with details of its own, so that linkage finds nothing shared with the others a
 * test screens: external id `${tag}-${serial}`, nameservers, mailbox domain, phone and SMS number
 * (no two within a phone block or a few digits of each other), address line, /24, source port and
 * card fingerprint all differ by `serial` (1–255); the name takes one of 16 given names.
 */
export function anUnlinkedApplication(tag: string, serial: number, overrides: DeepPartial<Application> = {}): Application {
  const phone = `${5100 + serial * 7}${6200 + serial * 11}`;
  const own = anApplication({
    externalId: `${tag}-${serial}`,
    domain: { nameservers: [`ns1.${tag}${serial}.example.net`, `ns2.${tag}${serial}.example.net`] },
    registrant: {
      name: { kanji: `佐藤 ${GIVEN_NAMES[serial % GIVEN_NAMES.length]}`, kana: null, romaji: null },
      email: `hanako.sato@${tag}${serial}.example.ne.jp`,
      phone: `+81 90-${phone.slice(0, 4)}-${phone.slice(4)}`,
      address: { line1: `千代田${serial}-${serial + 1}` },
    },
    verification: { sms: { number: `+8190${phone}` } },
    signup: { ip: `126.200.${serial}.7`, port: 40000 + serial },
    payment: { fingerprint: `sha256:${randomUUID()}` },
  });
  return merge(own, overrides);
}

/**
 * A registration in the shape the portfolio importer stores (src/app/domains/portfolio.ts): no
 * submission time, SMS, signup or card, which anApplication would add and share across entries.
 * Contact details differ by `index`.
 */
export function aPortfolioRegistration(domain: string, index: number): Application {
  return {
    externalId: `import:${domain}`,
    product: 'domain',
    domain: { name: domain, nameservers: [`ns1.host${index}.example.net`] },
    registrant: {
      type: 'individual',
      name: { kanji: '佐藤 花子', kana: 'サトウ ハナコ', romaji: 'Hanako Sato' },
      email: `owner${index}@mail${index}.example.ne.jp`,
      phone: `+81 90-${String(2000 + index * 7).padStart(4, '0')}-${String(3000 + index * 13).slice(-4)}`,
      address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: `千代田${index}-1`, country: 'JP' },
    },
  };
}
