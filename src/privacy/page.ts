// The privacy page's first version (issue 14): server-rendered, saying who is signed in (their
// own first name, nothing more) with a sign-out button. The React app (web/) replaces it. No
// inline script: /privacy/page.js sends the sign-out with the session's CSRF token.
import { escapeHtml as esc } from '../platform/html.ts';
import type { Policy } from '../policy/schema.ts';
import type { Words } from '../words/words.ts';

export function privacyPage(
  policy: Policy,
  w: Words,
  who: { givenName: string | null; csrfToken: string } | null,
): string {
  const say = w.say;
  const title = say('privacyPage.title', { controller: policy.controller.name });
  const body = who
    ? `  <p>${esc(who.givenName ? say('privacyPage.signedInAs', { name: who.givenName }) : say('privacyPage.signedIn'))}</p>
  <form id="sign-out" method="post" action="/v1/me/sign-out" data-csrf="${esc(who.csrfToken)}">
    <button type="submit">${esc(say('privacyPage.signOut'))}</button>
  </form>
  <script type="module" src="/privacy/page.js"></script>`
    : `  <p>${esc(say('privacyPage.notSignedIn'))}</p>`;
  return `<!doctype html>
<html lang="${esc(w.language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
</head>
<body>
  <h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

/** Signs out with the session's CSRF token (a form alone cannot send the header), then reloads. */
export const PAGE_SCRIPT = `const form = document.getElementById('sign-out');
form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  await fetch('/v1/me/sign-out', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': form.dataset.csrf },
  });
  location.reload();
});
`;
