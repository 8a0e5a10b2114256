import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('TRUST_PROXY', () => {
  it('is off by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('takes a hop count or a list of addresses and CIDR ranges', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 2 ' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,fd00::/8' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
    ]);
  });

  it('stops startup naming the variable for "true" and for anything it does not understand', () => {
    for (const [value, pattern] of [
      ['true', /TRUST_PROXY: .*hop count.*"true" would let any client choose its own address/],
      ['yes', /TRUST_PROXY: .*not understood: "yes"/],
      ['10.0.0.0/33', /not understood: "10.0.0.0\/33"/],
      ['10.0.0.1,,', /not understood: ""/],
      ['loadbalancer.internal', /not understood/],
      ['-1', /not understood/],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ TRUST_PROXY: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as Error).message, value).toMatch(pattern);
    }
  });
});
