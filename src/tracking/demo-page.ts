// The tracker's demo page, written from the policy in force: one button per event kind the
// policy lists (BK-2), on its first topic, labelled in the policy's first language (the page's
// own words are English, and each label says its language). No company's words are built in:
// a policy without behavioural tracking gets a page that says so.
import { escapeHtml as esc } from '../platform/html.ts';
import type { Policy } from '../policy/schema.ts';
import { text } from '../policy/summary.ts';

/** The demo page as HTML; its script (/sdk/demo.js) reads the kinds from the buttons' data. */
export function trackerDemoPage(policy: Policy): string {
  const language = policy.policy.languages[0] ?? 'en';
  const kinds = policy.tracking?.eventKinds ?? [];
  const buttons = kinds
    .filter((k) => (k.topics ?? []).length > 0)
    .map((k) => {
      const topic = (k.topics as string[])[0] as string;
      const label = `${text(k.description, language)}: ${topic}`;
      return `    <button type="button" lang="${esc(language)}" data-kind="${esc(k.id)}" data-topic="${esc(topic)}">${esc(label)}</button>`;
    });
  const body =
    buttons.length > 0
      ? `  <label>Session token <input id="token" size="60"></label>
  <p>
    <button type="button" id="identify">Identify</button>
${buttons.join('\n')}
    <button type="button" id="withdraw">Withdraw consent</button>
    <button type="button" id="flush">Flush</button>
  </p>`
      : `  <p>The policy in force (${esc(policy.policy.id)}) records no behaviour: there is nothing to track.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Garde tracker demo: ${esc(policy.controller.name)}</title>
  <style>body{font:16px system-ui;margin:2rem;max-width:40rem} button{margin:.2rem}</style>
</head>
<body>
  <h1>${esc(policy.controller.name)}</h1>
  <p>Nothing is recorded until you are identified; Global Privacy Control stops everything.</p>
${body}
  <p id="status">anonymous</p>
  <script type="module" src="/sdk/demo.js"></script>
</body>
</html>
`;
}
