import { html } from './html.js';
import { type RenderedPage, renderLayout } from './ops-page-layout.js';
import { OPS_PAGE_STRINGS } from './ops-page-strings.js';

/** Only paths of the ops page itself are followed after login (no open redirect). */
export function safeNextPath(next: string | undefined): string {
  // Visible ASCII only: a CR, LF or any other character a Location header cannot carry means /ops.
  return next !== undefined &&
    /^\/ops(?:[/?][!-~]*)?$/.test(next) &&
    !next.includes('//') &&
    !next.includes('\\')
    ? next
    : '/ops';
}

export function renderLoginPage(input: {
  next: string;
  error: string | null;
  name?: string;
  /** Without OPS_TOKEN only staff accounts log in: the name is required and the token not mentioned. */
  opsTokenEnabled: boolean;
}): RenderedPage {
  const strings = OPS_PAGE_STRINGS.en;
  const withToken = input.opsTokenEnabled;
  const body = html`<section aria-labelledby="login-title">
<h1 id="login-title">${strings.loginTitle}</h1>
<p>${withToken ? strings.loginIntro : strings.loginIntroStaffOnly}</p>
${input.error ? html`<p class="error" role="alert" id="login-error">${input.error}</p>` : ''}
<form method="post" action="/ops/login">
<input type="hidden" name="next" value="${safeNextPath(input.next)}">
<p><label for="name">${strings.staffNameLabel}</label><br>
${
  withToken
    ? html`<input id="name" name="name" type="text" autocomplete="username" value="${input.name ?? ''}" aria-describedby="name-hint"><br>
<span class="note" id="name-hint">${strings.staffNameHint}</span></p>`
    : html`<input id="name" name="name" type="text" autocomplete="username" value="${input.name ?? ''}" required></p>`
}
<p><label for="token">${withToken ? strings.tokenLabel : strings.passwordLabel}</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus ${input.error ? html`aria-describedby="login-error" aria-invalid="true"` : ''}></p>
<button type="submit">${strings.logIn}</button>
</form>
</section>`;
  return renderLayout({ title: strings.loginTitle, strings, body, loggedIn: false });
}
