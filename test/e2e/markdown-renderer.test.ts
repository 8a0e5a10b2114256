import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';

/**
 * The widget's Markdown renderer in a real browser DOM: each case renders into a detached
 * element and compares the resulting markup (read back with innerHTML; the renderer never writes it).
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [resolve(import.meta.dirname, '../../widget/src/markdown.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'markdown',
    write: false,
    logLevel: 'silent',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
  await page.evaluate(`window.renderToMarkup = (text) => {
    const render = markdown.createMarkdownRenderer(document, { newTabLabel: '(new tab)' });
    const container = document.createElement('div');
    container.appendChild(render(text));
    return container.innerHTML;
  }`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const render = (text: string) =>
  page.evaluate<string, string>(
    (source) =>
      (globalThis as unknown as { renderToMarkup(text: string): string }).renderToMarkup(source),
    text,
  );
const NEW_TAB = '<span class="sr-only"> (new tab)</span>';
const link = (href: string, label: string, hint = NEW_TAB) =>
  `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}${hint}</a>`;

describe('the widget Markdown renderer', { timeout: 30_000 }, () => {
  it('shows HTML as text, never as elements', async () => {
    expect(await render('<img src=x onerror=alert(1)> <script>alert(2)</script>')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;</p>',
    );
    expect(await render('`<b>bold?</b>`')).toBe('<p><code>&lt;b&gt;bold?&lt;/b&gt;</code></p>');
    expect(await render('```\n<iframe src="x"></iframe>\n```')).toBe(
      '<pre><code>&lt;iframe src="x"&gt;&lt;/iframe&gt;</code></pre>',
    );
  });

  it('renders a one-line fenced code span (as staff type it in Slack) as a code block with its text', async () => {
    expect(await render('```npm install parley```')).toBe(
      '<pre><code>npm install parley</code></pre>',
    );
    expect(await render('Run this:\n```curl -s https://example.test/status```\nthen reload.')).toBe(
      '<p>Run this:</p><pre><code>curl -s https://example.test/status</code></pre><p>then reload.</p>',
    );
    expect(await render('~~~<b>x</b>~~~')).toBe('<pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>');
    // A fence that opens a block still runs to its closing line.
    expect(await render('```js\nconst a = 1;\n```')).toBe('<pre><code>const a = 1;</code></pre>');
  });

  it('renders emphasis, lists, headings and line breaks', async () => {
    expect(await render('**bold**, *em*, _em_ and snake_case_name, 2 * 3 * 4')).toBe(
      '<p><strong>bold</strong>, <em>em</em>, <em>em</em> and snake_case_name, 2 * 3 * 4</p>',
    );
    expect(await render('Steps:\n1. Sign in\n2. Open *Orders*\n\n- a\n- b')).toBe(
      '<p>Steps:</p><ol><li>Sign in</li><li>Open <em>Orders</em></li></ol><ul><li>a</li><li>b</li></ul>',
    );
    expect(await render('## Returns\nWithin 30 days.\nFree in the EU.')).toBe(
      '<p><strong>Returns</strong></p><p>Within 30 days.<br>Free in the EU.</p>',
    );
    expect(await render('> quoted **text**')).toBe(
      '<blockquote>quoted <strong>text</strong></blockquote>',
    );
  });

  it('links only http, https and mailto, opening in a new tab without opener or referrer', async () => {
    expect(await render('[Help](https://help.example/returns)')).toBe(
      `<p>${link('https://help.example/returns', 'Help')}</p>`,
    );
    expect(await render('**[Help](https://help.example)**')).toBe(
      `<p><strong>${link('https://help.example/', 'Help')}</strong></p>`,
    );
    expect(await render('See https://help.example/a_b. Or <https://help.example/x>!')).toBe(
      `<p>See ${link('https://help.example/a_b', 'https://help.example/a_b')}. Or ${link('https://help.example/x', 'https://help.example/x')}!</p>`,
    );
    expect(await render('Write to help@tessera.example.')).toBe(
      `<p>Write to ${link('mailto:help@tessera.example', 'help@tessera.example', '')}.</p>`,
    );
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,hi',
      'vbscript:x',
      '/relative/path',
      'file:///etc/passwd',
    ]) {
      expect(await render(`[click](${href})`)).toBe('<p>click</p>');
    }
  });

  it('copes with pathological input without creating anything but text formatting', async () => {
    for (const text of [
      'a*'.repeat(2000),
      '[a]('.repeat(1000),
      '_a'.repeat(2000),
      '**x'.repeat(1000),
      'x`'.repeat(1500),
      '<'.repeat(3000),
    ]) {
      const markup = await render(text);
      expect(markup.startsWith('<p>')).toBe(true);
      expect(markup.replace(/<\/?(p|strong|em|code)>/g, '')).not.toContain('<');
    }
  });
});
