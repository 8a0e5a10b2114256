import { html, type SafeHtml, styleHashSource } from './html.js';
import type { OpsPageStrings } from './ops-page-strings.js';

/** The whole stylesheet, inline: the page loads nothing else, so its CSP can forbid everything else. */
const CSS = `
:root{color-scheme:light;--ink:#1d2430;--muted:#5a6473;--line:#d7dce3;--accent:#1f5fbf;--small:#7aa6d8;--large:#e0912f;--human:#c2413b;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);}
body{margin:0;background:#f6f7f9;line-height:1.45}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f2b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1.5rem;background:#1d2430;color:#fff}
header a{color:#fff;font-weight:600;text-decoration:none}
header form{margin:0}
main{padding:1rem 1.5rem;max-width:1200px;margin:0 auto}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem;margin-bottom:1rem}
h1{font-size:1.4rem;margin:.25rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .75rem}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid #a9b2bf;border-radius:4px;background:#fff;color:var(--ink)}
button{background:var(--accent);border-color:var(--accent);color:#fff;cursor:pointer}
header button{background:transparent;border-color:#fff}
.actions{display:flex;gap:1rem;align-items:center;margin-top:.75rem}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.75rem;margin:0}
.totals div{border-left:3px solid var(--line);padding-left:.5rem}
.totals dt{font-size:.8rem;color:var(--muted)}.totals dd{margin:0;font-size:1.1rem;font-weight:600}
.note{color:var(--muted);font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
caption{text-align:left;font-weight:600;padding:.75rem 0 .5rem}
.excerpt{max-width:32rem}
.tier{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.8rem;font-weight:600;color:#fff}
.tier-small{background:#3b6ea8}.tier-large{background:#a65f09}.tier-human{background:var(--human)}
.chart{width:100%;max-width:760px;height:auto}
.bar-small{fill:var(--small)}.bar-large{fill:var(--large)}.bar-human{fill:var(--human)}
.axis{stroke:#8a94a3;stroke-width:1}.chart text{font-size:11px;fill:var(--muted)}
.legend{display:flex;gap:1rem;font-size:.85rem;list-style:none;padding:0}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.swatch-small{background:var(--small)}.swatch-large{background:var(--large)}.swatch-human{background:var(--human)}
.details{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}.details dt{color:var(--muted)}.details dd{margin:0}
.transcript{list-style:none;padding:0;margin:0}
.transcript li{border-left:4px solid var(--line);padding:.4rem .75rem;margin-bottom:.5rem}
.transcript .role-user{border-color:#3b6ea8}.transcript .role-assistant{border-color:#8a94a3}.transcript .role-staff{border-color:#2e8b57}.transcript .role-system{border-color:#b0b7c3}
.transcript .current{background:#fff6db;border-color:#f2b400}
.transcript p{margin:.2rem 0;white-space:pre-wrap}
.meta{font-size:.8rem;color:var(--muted)}
.error{background:#fdecea;border:1px solid #e2a39f;padding:.5rem .75rem;border-radius:4px}
fieldset{border:1px solid var(--line);border-radius:4px}
fieldset label{display:block;margin:.2rem 0}
textarea{width:100%;max-width:40rem;min-height:4rem}
.outcome-chart{width:100%;max-width:560px;height:auto}.outcome-chart text{font-size:10px;fill:var(--muted)}
.legend{flex-wrap:wrap;gap:.3rem 1rem}
.outcome-resolved_hard,.outcome-swatch-resolved_hard{fill:#1b7a3d;background:#1b7a3d}.outcome-resolved_soft,.outcome-swatch-resolved_soft{fill:#8cc79f;background:#8cc79f}
.outcome-handed_off,.outcome-swatch-handed_off{fill:#e0912f;background:#e0912f}.outcome-resolved_by_staff,.outcome-swatch-resolved_by_staff{fill:#3b6ea8;background:#3b6ea8}
.outcome-unresolved,.outcome-swatch-unresolved{fill:#c2413b;background:#c2413b}.outcome-open,.outcome-swatch-open{fill:#b0b7c3;background:#b0b7c3}
.fit{max-width:100%;overflow-x:auto}
.skip-text{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.compact{font-size:.85rem}table.compact th,table.compact td{padding:.3rem .35rem}
@media (max-width:600px){header{padding:.5rem .75rem}main{padding:.5rem}section{padding:.6rem}.totals{grid-template-columns:repeat(2,minmax(0,1fr))}.excerpt{max-width:none}.details{grid-template-columns:1fr}
table.stack thead tr{display:flex;flex-wrap:wrap}table.stack thead th:not([aria-sort]){display:none}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}table.stack th,table.stack td{display:block;border:0;padding:.15rem 0}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8rem}table.stack ul{margin:0;padding-left:1.1rem}code{overflow-wrap:anywhere}}
`;

const STYLE_SOURCE = styleHashSource(CSS);

/** Nothing but this page's own stylesheet; forms may only post back to Parley. */
export const OPS_PAGE_CSP = `default-src 'none'; style-src ${STYLE_SOURCE}; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export interface RenderedPage {
  html: string;
  contentSecurityPolicy: string;
}

export function renderLayout(input: {
  title: string;
  strings: OpsPageStrings;
  body: SafeHtml;
  loggedIn: boolean;
}): RenderedPage {
  const { strings } = input;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${input.title} · ${strings.product}</title>
<style>${{ safeHtml: CSS }}</style>
</head>
<body>
<a class="skip" href="#content">${strings.skipToContent}</a>
<header>
<a href="/ops">${strings.product}</a>
${input.loggedIn ? html`<form method="post" action="/ops/logout"><button type="submit">${strings.logOut}</button></form>` : ''}
</header>
<main id="content" tabindex="-1">
${input.body}
</main>
</body>
</html>`;
  return { html: page.safeHtml, contentSecurityPolicy: OPS_PAGE_CSP };
}
