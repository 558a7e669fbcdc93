// The demo page's wiring (a separate file: the CSP allows no inline script). The page lists the
// policy's event kinds as buttons (data-kind, data-topic): nothing here names a company's.
import { createTracker } from '/sdk/garde-tracker.js';

const tracker = createTracker({ flushMs: 60000 });
window.tracker = tracker;
// The page carries its words in the reader's language (data-* of #status).
const status = (note = '') => {
  const el = document.getElementById('status');
  const state = tracker.active ? el.dataset.identified : el.dataset.notRecording;
  el.textContent = note ? `${state} (${note})` : state;
};
const words = (key) => document.getElementById('status').dataset[key];
const on = (id, f) => {
  const el = document.getElementById(id);
  if (el) el.onclick = f;
};
on('identify', async () => {
  const recorded = await tracker.identify(document.getElementById('token').value);
  status(recorded && navigator.globalPrivacyControl ? words('gpcRecorded') : '');
});
for (const button of document.querySelectorAll('button[data-kind]')) {
  button.onclick = () => tracker.track(button.dataset.kind, button.dataset.topic);
}
on('withdraw', async () => {
  const recorded = await tracker.withdraw();
  status(recorded ? words('withdrawn') : '');
});
on('flush', () => tracker.flush());
