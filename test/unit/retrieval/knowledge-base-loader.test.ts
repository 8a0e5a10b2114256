import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KnowledgeBaseError,
  loadKnowledgeBase,
  slugify,
} from '../../../src/core/retrieval/knowledge-base-loader.js';

const fixtureKb = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kb');

const temporaryDirectories: string[] = [];

async function kbWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-kb-'));
  temporaryDirectories.push(directory);
  for (const [relativePath, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(directory, relativePath)), { recursive: true });
    await writeFile(path.join(directory, relativePath), content);
  }
  return directory;
}

function article(frontMatter: string, body: string): string {
  return `---\n${frontMatter}\n---\n\n${body}\n`;
}

const VALID_FRONT_MATTER =
  'title: Shipping\nurl: https://help.example.com/en/shipping\ntopic: shipping';

afterEach(async () => {
  await Promise.all(
    temporaryDirectories
      .splice(0)
      .map((directory) => rm(directory, { recursive: true, force: true })),
  );
});

describe('loadKnowledgeBase', () => {
  it('makes one passage per "## " section with id, title, anchored url and the section text', async () => {
    const knowledgeBase = await loadKnowledgeBase(fixtureKb);
    const passage = knowledgeBase.passages.find(
      (candidate) => candidate.id === 'fr/shipping#delais-de-livraison',
    );
    expect(passage).toEqual({
      id: 'fr/shipping#delais-de-livraison',
      language: 'fr',
      articleSlug: 'shipping',
      articleTitle: 'Livraison',
      articleKeywords: [],
      topic: 'shipping',
      heading: 'Délais de livraison',
      title: 'Livraison — Délais de livraison',
      anchor: 'delais-de-livraison',
      hasHeading: true,
      url: 'https://help.example.com/fr/livraison#delais-de-livraison',
      text:
        "La livraison standard prend de 3 à 5 jours ouvrés dans l'Union européenne. " +
        'Les commandes passées avant 14 h partent le jour même.',
    });
    expect(knowledgeBase.articleCount).toBe(11);
    expect(
      knowledgeBase.passages.filter(
        (candidate) => candidate.articleSlug === 'shipping' && candidate.language === 'en',
      ),
    ).toHaveLength(3);
    expect(new Set(knowledgeBase.passages.map((candidate) => candidate.language))).toEqual(
      new Set(['en', 'fr', 'de', 'es', 'it']),
    );
  });

  it('computes a short content hash that changes with any article and nothing else', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'parley-kb-'));
    temporaryDirectories.push(directory);
    await cp(fixtureKb, directory, { recursive: true });
    const first = await loadKnowledgeBase(directory);
    const again = await loadKnowledgeBase(directory);
    expect(first.version).toMatch(/^[0-9a-f]{12}$/);
    expect(again.version).toBe(first.version);

    await writeFile(path.join(directory, 'README.md'), 'Notes that are not articles.');
    expect((await loadKnowledgeBase(directory)).version).toBe(first.version);

    await writeFile(
      path.join(directory, 'it/shipping.md'),
      article('title: Spedizioni\nurl: /it/spedizioni\ntopic: shipping', '## Tempi\n\nTre giorni.'),
    );
    expect((await loadKnowledgeBase(directory)).version).not.toBe(first.version);
  });

  it('names the file and the field when the front matter is incomplete or wrong', async () => {
    const missingTitle = await kbWith({
      'en/shipping.md': article(
        'url: https://help.example.com/x\ntopic: shipping',
        '## A\n\nText.',
      ),
    });
    await expect(loadKnowledgeBase(missingTitle)).rejects.toThrow(KnowledgeBaseError);
    await expect(loadKnowledgeBase(missingTitle)).rejects.toThrow(
      /en[/\\]shipping\.md: invalid front matter: "title"/,
    );

    const badUrl = await kbWith({
      'fr/returns.md': article(
        'title: Retours\nurl: ftp://example.com\ntopic: returns',
        '## A\n\nTexte.',
      ),
    });
    await expect(loadKnowledgeBase(badUrl)).rejects.toThrow(
      /fr[/\\]returns\.md: invalid front matter: "url" must be an absolute http\(s\) URL/,
    );

    const emptyTopic = await kbWith({
      'de/versand.md': article("title: Versand\nurl: /de/versand\ntopic: ''", '## A\n\nText.'),
    });
    await expect(loadKnowledgeBase(emptyTopic)).rejects.toThrow(
      /de[/\\]versand\.md: invalid front matter: "topic"/,
    );

    const brokenYaml = await kbWith({
      'es/envios.md': article(
        'title: [unclosed\nurl: /es/envios\ntopic: shipping',
        '## A\n\nTexto.',
      ),
    });
    await expect(loadKnowledgeBase(brokenYaml)).rejects.toThrow(
      /es[/\\]envios\.md: invalid front matter/,
    );

    const wrongFolder = await kbWith({
      'it/shipping.md': article(`${VALID_FRONT_MATTER}\nlang: en`, '## A\n\nText.'),
    });
    await expect(loadKnowledgeBase(wrongFolder)).rejects.toThrow(
      /it[/\\]shipping\.md: front matter says lang "en" but the file is in the "it" folder/,
    );
  });

  it('reads optional keywords, and refuses keywords that are not a list of words', async () => {
    const withKeywords = await kbWith({
      'en/payments.md': article(
        'title: Payment methods\ntopic: payments\nkeywords: [paypal, apple pay]',
        '## Cards\n\nWe take Visa.\n\n## Wallets\n\nWe take PayPal.',
      ),
      'en/shipping.md': article(VALID_FRONT_MATTER, '## A\n\nText.'),
    });
    const { passages } = await loadKnowledgeBase(withKeywords);
    expect(passages.map((passage) => [passage.id, passage.articleKeywords])).toEqual([
      ['en/payments#cards', ['paypal', 'apple pay']],
      ['en/payments#wallets', ['paypal', 'apple pay']],
      ['en/shipping#a', []],
    ]);

    const notAList = await kbWith({
      'en/payments.md': article(
        'title: Payment methods\ntopic: payments\nkeywords: paypal, klarna',
        '## A\n\nText.',
      ),
    });
    await expect(loadKnowledgeBase(notAList)).rejects.toThrow(
      /en[/\\]payments\.md: invalid front matter: "keywords" must be a list of words, e\.g\. \[paypal, klarna\]/,
    );
  });

  it('refuses articles without text and sections without text', async () => {
    const noBody = await kbWith({ 'en/shipping.md': article(VALID_FRONT_MATTER, '') });
    await expect(loadKnowledgeBase(noBody)).rejects.toThrow(
      /en[/\\]shipping\.md: the article has no text/,
    );

    const emptySection = await kbWith({
      'en/shipping.md': article(VALID_FRONT_MATTER, '## Costs\n\nFour euros.\n\n## Times\n\n'),
    });
    await expect(loadKnowledgeBase(emptySection)).rejects.toThrow(
      /en[/\\]shipping\.md: section "## Times" has no text/,
    );
  });

  it('says which folder it cannot read', async () => {
    const missing = path.join(tmpdir(), 'parley-kb-does-not-exist');
    await expect(loadKnowledgeBase(missing)).rejects.toThrow(
      `Cannot read the knowledge base folder ${missing}`,
    );
  });

  it('skips folders that name no supported language, with a warning', async () => {
    const directory = await kbWith({
      'en/shipping.md': article(VALID_FRONT_MATTER, '## Costs\n\nFour euros.'),
      'pt/envio.md': article(
        'title: Envio\nurl: /pt/envio\ntopic: shipping',
        '## Custos\n\nQuatro euros.',
      ),
    });
    const knowledgeBase = await loadKnowledgeBase(directory);
    expect(knowledgeBase.passages.map((passage) => passage.id)).toEqual(['en/shipping#costs']);
    expect(knowledgeBase.warnings).toEqual([
      expect.stringMatching(/pt: skipped, "pt" is not one of en, fr, de, es, it/),
    ]);
  });

  it('keeps an introduction as its own passage and disambiguates repeated headings', async () => {
    const directory = await kbWith({
      'en/shipping.md': article(
        VALID_FRONT_MATTER,
        'We ship from Lyon.\n\n## Costs\n\nFour euros.\n\n## Costs\n\nFree above 60 euros.\n\n### Detail\n\nStill costs.',
      ),
    });
    const { passages } = await loadKnowledgeBase(directory);
    expect(passages.map((passage) => [passage.id, passage.title, passage.text])).toEqual([
      ['en/shipping#shipping', 'Shipping', 'We ship from Lyon.'],
      ['en/shipping#costs', 'Shipping — Costs', 'Four euros.'],
      [
        'en/shipping#costs-2',
        'Shipping — Costs',
        'Free above 60 euros.\n\n### Detail\n\nStill costs.',
      ],
    ]);
    expect(passages[1]?.url).toBe('https://help.example.com/en/shipping#costs');
    expect(passages.map((passage) => [passage.anchor, passage.hasHeading])).toEqual([
      ['shipping', false],
      ['costs', true],
      ['costs-2', true],
    ]);
  });

  it('links to the article on the help center (/help/<lang>/<slug>#<anchor>) when the front matter names no url', async () => {
    const directory = await kbWith({
      'fr/shipping.md': article(
        'title: Livraison\ntopic: shipping',
        '## Délais de livraison\n\nTrois jours.\n\n## Frais\n\nQuatre euros.',
      ),
      'fr/returns-refunds.md': article(
        'title: Retours\nurl: https://help.example.com/fr/retours\ntopic: returns',
        '## Délai\n\nTrente jours.',
      ),
    });
    const { passages } = await loadKnowledgeBase(directory);
    expect(passages.map((passage) => passage.url)).toEqual([
      'https://help.example.com/fr/retours#delai',
      '/help/fr/shipping#delais-de-livraison',
      '/help/fr/shipping#frais',
    ]);
  });
});

describe('slugify', () => {
  it('makes ASCII anchors from headings in every language', () => {
    expect(slugify('Délais de livraison')).toBe('delais-de-livraison');
    expect(slugify('Größe ändern & Rückgabe')).toBe('grosse-andern-ruckgabe');
    expect(slugify("Can't log in?")).toBe('can-t-log-in');
    expect(slugify('¿Cómo cancelo mi suscripción?')).toBe('como-cancelo-mi-suscripcion');
  });
});

describe('knowledge base front matter is data', () => {
  it('refuses ---js (and other code) front matter without running it', async () => {
    const markerDirectory = await mkdtemp(path.join(tmpdir(), 'parley-kb-marker-'));
    temporaryDirectories.push(markerDirectory);
    const marker = path.join(markerDirectory, 'ran.txt');
    const code = `{ title: (require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Shipping'), url: 'https://help.example/shipping' }`;
    for (const language of ['js', 'javascript', 'JS', 'coffee', 'json']) {
      const kb = await kbWith({
        'en/shipping.md': `---${language}\n${code}\n---\n\n# Shipping\n\nWe ship in two days.\n`,
      });
      const error = await loadKnowledgeBase(kb).catch((caught: unknown) => caught);
      // Nothing ran: the code would have written the marker file.
      await expect(rm(marker)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(error, language).toBeInstanceOf(KnowledgeBaseError);
      expect((error as Error).message, language).toMatch(/YAML|not registered/);
    }
  });

  it('refuses YAML tags that would build functions', async () => {
    const kb = await kbWith({
      'en/shipping.md': article(
        "title: !!js/function 'function () { return 1 }'\nurl: https://help.example/shipping",
        '# Shipping\n\nWe ship in two days.',
      ),
    });
    await expect(loadKnowledgeBase(kb)).rejects.toBeInstanceOf(KnowledgeBaseError);
  });
});
