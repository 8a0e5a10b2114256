import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * TRUST_PROXY: which X-Forwarded-For entries name the client. Off by default, because a client
 * that talks to Parley directly can write any address into that header and so escape every
 * per-address limit. Behind proxies, give the number of proxy hops in front of Parley, or the
 * proxies' addresses / CIDR ranges (comma-separated). "true" (trust every hop) is refused.
 */
export type TrustProxy = false | number | string[];

function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, extra] = value.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    if (value === 'true') {
      context.addIssue({
        code: 'custom',
        message:
          'must be a hop count (e.g. 1 behind one load balancer) or the proxies\' addresses/CIDRs (e.g. 10.0.0.0/8); "true" would let any client choose its own address',
      });
      return z.NEVER;
    }
    const entries = value.split(',').map((entry) => entry.trim());
    const wrong = entries.filter((entry) => !isAddressOrRange(entry));
    if (wrong.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be false, a hop count from 1 to 99, or comma-separated IP addresses/CIDR ranges; not understood: ${wrong.map((entry) => JSON.stringify(entry)).join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** Fastify's option: a hop count becomes "trust the nearest N hops" (what proxy-addr does for a number). */
export function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}
