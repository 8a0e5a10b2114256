import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Retriever } from '../../../src/core/retrieval/retriever.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

/** The ids of the elements of a page, in document order. */
function idsOf(page: string): string[] {
  return [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1] as string);
}

describe('the help center on the embedded defaults (kb/)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => testApp.close());

  it('serves an article as a plain, accessible page with one anchor per section', async () => {
    const response = await testApp.app.inject({ url: '/help/fr/shipping' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(policy).not.toContain('script-src');
    const page = response.body;
    expect(page).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('<h1>Livraison et frais de port</h1>');
    expect(page).toContain('<title>Livraison et frais de port · Centre d&#39;aide</title>');
    // Every "## " heading of kb/fr/shipping.md, as an h2 with the anchor citations use.
    expect([...page.matchAll(/<h2 id="([^"]+)">([^<]+)<\/h2>/g)].map((match) => match[1])).toEqual([
      'pays-de-livraison-ou-livrons-nous',
      'delais-de-livraison-standard-combien-de-temps-prend-la-livraison',
      'frais-de-livraison-et-livraison-gratuite',
      'livraison-express',
    ]);
    expect(page).toContain('12,90 €');
    expect(page).toContain('<a href="/help/fr">← Tous les articles</a>');
    expect(page).toContain('<a href="/help/de/shipping" hreflang="de" lang="de">Deutsch</a>');
    expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(page).not.toContain('<script');
    const ids = idsOf(page);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the articles of a language, sorted by title, each linking to its page', async () => {
    const response = await testApp.app.inject({ url: '/help/de' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="de">');
    expect(response.body).toContain('<h1>Hilfe-Center</h1>');
    const links = [...response.body.matchAll(/<li><a href="(\/help\/de\/[^"]+)">([^<]+)<\/a>/g)];
    expect(links).toHaveLength(12);
    expect(links.map((link) => link[1])).toContain('/help/de/shipping');
    const titles = links.map((link) => link[2] as string);
    expect(titles).toEqual([...titles].sort((left, right) => left.localeCompare(right, 'de')));
  });

  it('links every local citation to a page that has the cited section', async () => {
    const { passages } = testApp.services.knowledgeBase ?? { passages: [] };
    expect(passages.length).toBeGreaterThan(200);
    for (const passage of passages) {
      const [path, anchor] = passage.url.split('#');
      expect(path).toBe(`/help/${passage.language}/${passage.articleSlug}`);
      const response = await testApp.app.inject({ url: path as string });
      expect(response.statusCode).toBe(200);
      expect(idsOf(response.body)).toContain(anchor);
    }
  });

  it("cites a help page in an answer's citations", async () => {
    const conversation = await createConversation(testApp.app, 'fr');
    const turn = await postMessage(
      testApp.app,
      conversation,
      'Combien coûte la livraison express ?',
    );
    const citation = turn.json().reply.citations[0];
    expect(citation.url).toBe('/help/fr/shipping#livraison-express');
  });

  it('answers an unknown article or language with a 404 in the JSON error shape', async () => {
    const article = await testApp.app.inject({ url: '/help/fr/gift-cards' });
    expect(article.statusCode).toBe(404);
    expect(article.headers['content-type']).toMatch(/^application\/json/);
    expect(article.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'There is no help article "gift-cards" in "fr"; GET /help/fr lists them.',
      },
    });
    for (const url of ['/help/pt', '/help/pt/shipping', '/help/__proto__/shipping']) {
      const response = await testApp.app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not_found');
      expect(response.json().error.message).toContain('it has en, fr, de, es, it');
    }
  });

  it('shows a browser a 404 page in the language of the address, linking to the index', async () => {
    const response = await testApp.app.inject({
      url: '/help/it/gift-cards',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('<html lang="it">');
    expect(response.body).toContain('<h1>Pagina non trovata</h1>');
    expect(response.body).toContain('<a href="/help/it">← Tutti gli articoli</a>');
  });

  it('serves the favicon the pages link, so browsers log no 404', async () => {
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const response = await testApp.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('image/svg+xml');
      expect(response.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });
});

describe('the help center with a Bedrock Knowledge Base', () => {
  let testApp: TestApp;
  const bedrockStandIn: Retriever = {
    name: 'bedrock',
    retrieve: async () => ({
      passages: [],
      knowledgeBaseVersion: 'kb',
      usedLanguageFallback: false,
    }),
  };
  beforeAll(async () => {
    testApp = await createTestApp(
      { RETRIEVER: 'bedrock', BEDROCK_KB_ID: 'KB12345678' },
      { retriever: bedrockStandIn },
    );
  });
  afterAll(async () => testApp.close());

  it('is not served: the Knowledge Base cites its own pages', async () => {
    expect(testApp.services.knowledgeBase).toBeUndefined();
    const response = await testApp.app.inject({
      url: '/help/fr/shipping',
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('RETRIEVER=bedrock');
  });
});
