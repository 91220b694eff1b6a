import { describe, expect, it } from 'vitest';
import { labelShapeSignal } from '../../../../src/engine/signals/domain/label-shape.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(labelShapeSignal.name, () => {
  const run = (name: string) => runSignal(labelShapeSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(labelShapeSignal, anApplication()))).toEqual([]);
  });

  it.each(['secure-login-jp-bank.com', 'jp-bank-japanpost-jp-com.cn', 'change-recovery-support-id.net', '10-20-30-11.com'])('reports the hyphen chain of %s', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_HYPHEN_CHAIN']);
  });

  it('counts the parts in the detail, with the base rates of the suffix', () => {
    expect(run('change-recovery-support-id.net')[0]?.detail).toMatch(/^the label "change-recovery-support-id" chains 4 parts with hyphens: 1 in [\d,]+ new \.net registrations look like this, 1 in \d+ phishing \.net registrations$/);
  });

  it('weighs a chain by how much likelier it is among the phishing registrations of the suffix', () => {
    const hit = run('secure-login-jp-bank.com')[0]!;
    expect(hit.evidence).toBeGreaterThan(0);
    expect(run('change-recovery-support-id.top')[0]?.evidence).not.toBe(hit.evidence);
  });

  it('weighs a chain under a country code the sample does not hold by a fixed, small amount', () => {
    const hit = run('jp-bank-japanpost-jp-com.de')[0]!;
    expect(hit.evidence).toBe(1);
    expect(hit.detail).toBe('the label "jp-bank-japanpost-jp-com" chains 5 parts with hyphens; new registrations under .de are not in the sample the base rates were counted on, so this weighs little');
  });

  it('weighs a chain under a risk-listed country code by borrowed rates (chains are rarer among .cn phishing than among new registrations)', () => {
    const hit = run('jp-bank-japanpost-jp-com.cn')[0]!;
    expect(hit.evidence).toBeLessThan(0);
    expect(hit.detail).toMatch(/none under \.cn is in it\) look like this, 1 in [\d,]+ phishing registrations on country codes$/);
  });

  it('reports a chain that is also very long twice', () => {
    expect(sut('secure-login-account-update-verify.com')).toEqual(['DOMAIN_HYPHEN_CHAIN', 'DOMAIN_LONG_LABEL']);
  });

  it('reports a label of 30 characters or more', () => {
    const hits = run('compersonltoploginlstateaccount.shop');
    expect(reasonsOf(hits)).toEqual(['DOMAIN_LONG_LABEL']);
    expect(hits[0]?.detail).toMatch(/^the label is 31 characters long: /);
  });

  it.each(['takahashi-shoten.jp', 'kyoto-ryokan-hanaya.jp', 'nakazawa-jidosha.com', 'selfstoragetrainingacad.com', 'xn--eckwd4c7c.jp'])('accepts %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('counts the hyphens an IDN label shows, not the ones of its xn-- form', () => {
    expect(sut('楽天-カード.jp')).toEqual([]);
    expect(sut('楽天-カード-ログイン-確認.com')).toEqual(['DOMAIN_HYPHEN_CHAIN']);
  });
});
