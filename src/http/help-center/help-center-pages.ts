// Loaded by help-center-routes.ts on the first help page request: startup does not load marked.
import { Marked } from 'marked';
import type { Language } from '../../core/language/language.js';
import { LANGUAGE_NAMES } from '../../core/language/language.js';
import { helpCenterPath } from '../../core/retrieval/knowledge-base-loader.js';
import { html, type SafeHtml, styleHashSource } from '../ops-page/html.js';
import type { HelpArticle } from './help-center-articles.js';
import { HELP_CENTER_STRINGS } from './help-center-strings.js';

/** Phone first: one readable column, system fonts, the cited section highlighted when it is the target. */
const STYLES = `
:root { color-scheme: light dark; --text: #1f1d1b; --muted: #5c5752; --background: #fdfcfa; --link: #7a2e4d; --mark: #f7e7b4; --rule: #ddd6cf; }
@media (prefers-color-scheme: dark) { :root { --text: #f1ede9; --muted: #c2bbb4; --background: #1b1918; --link: #f0a9c6; --mark: #5a4a16; --rule: #4a4542; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--background); color: var(--text); font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { border-bottom: 1px solid var(--rule); }
header a { font-weight: 600; text-decoration: none; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2rem 0 0.5rem; padding: 0.25rem 0.5rem; margin-left: -0.5rem; scroll-margin-top: 1rem; border-radius: 4px; }
h2:target { background: var(--mark); }
nav ul, .articles { padding-left: 1.25rem; }
.articles li { margin: 0.4rem 0; }
.back { margin-top: 2.5rem; }
footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9375rem; }
footer ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }
`;

/** The CSP source for STYLES: the pages allow no other inline code and no script at all. */
export const HELP_CENTER_STYLE_SOURCE = styleHashSource(STYLES);

const markdown = new Marked({ gfm: true });

/** kb/ is the operator's own trusted content (like the prompts): rendered as written, not sanitized. */
function renderMarkdown(text: string): SafeHtml {
  return { safeHtml: markdown.parse(text, { async: false }) };
}

function renderInlineMarkdown(text: string): SafeHtml {
  return { safeHtml: markdown.parseInline(text, { async: false }) };
}

function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function page(options: {
  language: Language;
  title: string;
  body: SafeHtml;
  /** The same page in other languages, when it exists there. */
  translations: Array<{ language: Language; href: string }>;
}): string {
  const strings = HELP_CENTER_STRINGS[options.language];
  const otherLanguages =
    options.translations.length === 0
      ? ''
      : html`<footer>
  <nav aria-label="${strings.otherLanguages}">
    <ul>${options.translations.map(
      (translation) =>
        html`<li><a href="${translation.href}" hreflang="${translation.language}" lang="${translation.language}">${capitalized(LANGUAGE_NAMES[translation.language].native)}</a></li>`,
    )}</ul>
  </nav>
</footer>`;
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${{ safeHtml: STYLES }}</style>
</head>
<body>
<header><a href="${helpCenterIndexPath(options.language)}">${strings.helpCenter}</a></header>
<main>
${options.body}
</main>
${otherLanguages}
</body>
</html>
`.safeHtml;
}

export function helpCenterIndexPath(language: Language): string {
  return `/help/${language}`;
}

export function renderArticlePage(article: HelpArticle, translations: Language[]): string {
  const strings = HELP_CENTER_STRINGS[article.language];
  const headed = article.sections.filter((section) => section.heading !== undefined);
  const contents =
    headed.length < 2
      ? ''
      : html`<nav aria-labelledby="contents-title">
  <p id="contents-title"><strong>${strings.onThisPage}</strong></p>
  <ul>${headed.map((section) => html`<li><a href="#${section.anchor}">${renderInlineMarkdown(section.heading ?? '')}</a></li>`)}</ul>
</nav>`;
  // The text before the first heading keeps its anchor on a wrapper, so that its citation lands too.
  const sections = article.sections.map((section) =>
    section.heading === undefined
      ? html`<div id="${section.anchor}">${renderMarkdown(section.text)}</div>`
      : html`<section aria-labelledby="${section.anchor}">
<h2 id="${section.anchor}">${renderInlineMarkdown(section.heading)}</h2>
${renderMarkdown(section.text)}
</section>`,
  );
  return page({
    language: article.language,
    title: `${article.title} · ${strings.helpCenter}`,
    body: html`<article>
<h1>${article.title}</h1>
${contents}
${sections}
</article>
<p class="back"><a href="${helpCenterIndexPath(article.language)}">← ${strings.allArticles}</a></p>`,
    translations: translations.map((language) => ({
      language,
      href: helpCenterPath(language, article.slug),
    })),
  });
}

export function renderIndexPage(
  language: Language,
  articles: readonly HelpArticle[],
  translations: Language[],
): string {
  const strings = HELP_CENTER_STRINGS[language];
  return page({
    language,
    title: strings.helpCenter,
    body: html`<h1>${strings.helpCenter}</h1>
<p>${strings.indexIntro}</p>
<ul class="articles">${articles.map(
      (article) =>
        html`<li><a href="${helpCenterPath(language, article.slug)}">${article.title}</a></li>`,
    )}</ul>`,
    translations: translations.map((other) => ({
      language: other,
      href: helpCenterIndexPath(other),
    })),
  });
}

export function renderNotFoundPage(language: Language): string {
  const strings = HELP_CENTER_STRINGS[language];
  return page({
    language,
    title: `${strings.notFoundTitle} · ${strings.helpCenter}`,
    body: html`<h1>${strings.notFoundTitle}</h1>
<p>${strings.notFoundText}</p>
<p class="back"><a href="${helpCenterIndexPath(language)}">← ${strings.allArticles}</a></p>`,
    translations: [],
  });
}
