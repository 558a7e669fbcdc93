// The tracker's demo page, written from the policy in force: one button per event kind the
// policy lists (BK-2), on its first topic, in the reader's language among those the policy
// declares (Garde's words and the policy's labels alike). No company's words are built in:
// a policy without behavioural tracking gets a page that says so.
import { escapeHtml as esc } from '../platform/html.ts';
import type { Policy } from '../policy/schema.ts';
import type { Words } from '../words/words.ts';

/** The demo page as HTML, in `w`'s language; its script (/sdk/demo.js) reads the kinds and its words from the page. */
export function trackerDemoPage(policy: Policy, w: Words): string {
  const say = w.say;
  const kinds = policy.tracking?.eventKinds ?? [];
  const buttons = kinds
    .filter((k) => (k.topics ?? []).length > 0)
    .map((k) => {
      const topic = (k.topics as string[])[0] as string;
      const label = `${w.text(k.description)}: ${topic}`;
      return `    <button type="button" data-kind="${esc(k.id)}" data-topic="${esc(topic)}">${esc(label)}</button>`;
    });
  const body =
    buttons.length > 0
      ? `  <label>${esc(say('trackerDemo.sessionToken'))} <input id="token" size="60"></label>
  <p>
    <button type="button" id="identify">${esc(say('trackerDemo.identify'))}</button>
${buttons.join('\n')}
    <button type="button" id="withdraw">${esc(say('trackerDemo.withdraw'))}</button>
    <button type="button" id="flush">${esc(say('trackerDemo.flush'))}</button>
  </p>`
      : `  <p>${esc(say('trackerDemo.nothingToTrack', { policy: policy.policy.id }))}</p>`;
  // The script's own words, for the states it shows.
  const states = (
    [
      ['not-recording', 'trackerDemo.notRecording'],
      ['identified', 'trackerDemo.identified'],
      ['gpc-recorded', 'trackerDemo.gpcRecorded'],
      ['withdrawn', 'trackerDemo.withdrawn'],
    ] as const
  )
    .map(([key, id]) => `data-${key}="${esc(say(id))}"`)
    .join(' ');
  return `<!doctype html>
<html lang="${esc(w.language)}">
<head>
  <meta charset="utf-8">
  <title>${esc(say('trackerDemo.title', { controller: policy.controller.name }))}</title>
  <style>body{font:16px system-ui;margin:2rem;max-width:40rem} button{margin:.2rem}</style>
</head>
<body>
  <h1>${esc(policy.controller.name)}</h1>
  <p>${esc(say('trackerDemo.promise'))}</p>
${body}
  <p id="status" ${states}>${esc(say('trackerDemo.notRecording'))}</p>
  <script type="module" src="/sdk/demo.js"></script>
</body>
</html>
`;
}
