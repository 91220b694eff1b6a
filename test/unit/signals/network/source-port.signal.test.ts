import { describe, expect, it } from 'vitest';
import { sourcePortSignal } from '../../../../src/engine/signals/network/source-port.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(sourcePortSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0]) => reasonsOf(runSignal(sourcePortSignal, anApplication(overrides)));

  it('stays quiet when the IP comes with its source port', () => {
    expect(sut({})).toEqual([]);
    expect(sut({ signup: { ip: '2400:4050:a1c2:b300::1', port: 443 } })).toEqual([]);
  });

  it('reports an IP without its source port', () => {
    const hits = runSignal(sourcePortSignal, anApplication({ signup: { port: undefined } }));
    expect(reasonsOf(hits)).toEqual(['NETWORK_SOURCE_PORT_MISSING']);
    expect(hits[0]?.detail).toContain('CGNAT');
    expect(sut({ signup: { port: null } })).toEqual(['NETWORK_SOURCE_PORT_MISSING']);
  });

  it('reports port 0, which no connection uses', () => {
    expect(sut({ signup: { port: 0 } })).toEqual(['NETWORK_SOURCE_PORT_MISSING']);
  });

  it('says nothing without an IP or without a signup', () => {
    expect(sut({ signup: { ip: undefined, port: undefined } })).toEqual([]);
    expect(sut({ signup: undefined })).toEqual([]);
  });
});
