import { describe, expect, it } from 'vitest';
import { placeholderPhoneSignal } from '../../../../src/engine/signals/phone/placeholder-phone.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(placeholderPhoneSignal.name, () => {
  const run = (phone: string | null) => runSignal(placeholderPhoneSignal, anApplication({ registrant: { phone } }));
  const sut = (phone: string | null) => reasonsOf(run(phone));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(placeholderPhoneSignal, anApplication()))).toEqual([]);
  });

  it.each(['090-1234-5678', '080-1234-5678', '+81 90-1234-5678', '09012345678', '０９０－１２３４－５６７８', '03-1234-5678', '03-1111-1111', '080-0000-0000', '06-8765-4321', '090-1111-2222', '0120-123-456'])(
    'reports %s',
    (phone) => {
      expect(sut(phone)).toEqual(['PHONE_PLACEHOLDER']);
    },
  );

  it('names the digits it matched', () => {
    expect(run('090-1234-5678')[0]?.detail).toContain('12345678');
  });

  it.each(['090-1234-5679', '03-5323-7781', '0120-444-555', '090-4821-7390', '050-5581-6910', null, 'not a number', '+1 212-555-1234'])('stays quiet for %s', (phone) => {
    expect(sut(phone)).toEqual([]);
  });
});
