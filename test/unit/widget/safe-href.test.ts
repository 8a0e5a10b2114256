import { describe, expect, it } from 'vitest';
import { safeHref } from '../../../widget/src/safe-href.js';

const SERVER = 'https://support.example.com/';

describe('safeHref', () => {
  it('resolves a citation of the local help center against the Parley server, not the embedding page', () => {
    expect(safeHref('/help/fr/shipping#livraison-express', SERVER)).toBe(
      'https://support.example.com/help/fr/shipping#livraison-express',
    );
    // The widget served from a path: a site-relative URL still names the server's root.
    expect(safeHref('/help/de/shipping#kosten', 'http://127.0.0.1:3000/parley/')).toBe(
      'http://127.0.0.1:3000/help/de/shipping#kosten',
    );
  });

  it('keeps absolute http(s) URLs (a Bedrock Knowledge Base, a help center of your own) as they are', () => {
    expect(safeHref('https://help.example.com/fr/shipping#frais', SERVER)).toBe(
      'https://help.example.com/fr/shipping#frais',
    );
  });

  it('refuses relative URLs without a base, and unsafe schemes with one', () => {
    expect(safeHref('/help/fr/shipping')).toBeUndefined();
    expect(safeHref('javascript:alert(1)', SERVER)).toBeUndefined();
    expect(safeHref('data:text/html,<b>x</b>', SERVER)).toBeUndefined();
  });
});
