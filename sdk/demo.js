// The demo page's wiring (a separate file: the CSP allows no inline script). The page lists the
// policy's event kinds as buttons (data-kind, data-topic): nothing here names a company's.
import { createTracker } from '/sdk/garde-tracker.js';

const tracker = createTracker({ flushMs: 60000 });
window.tracker = tracker;
const status = (note = '') => {
  const state = tracker.active ? 'identified' : 'not recording';
  document.getElementById('status').textContent = note ? `${state} (${note})` : state;
};
const on = (id, f) => {
  const el = document.getElementById(id);
  if (el) el.onclick = f;
};
on('identify', async () => {
  const recorded = await tracker.identify(document.getElementById('token').value);
  status(
    recorded && navigator.globalPrivacyControl ? 'Global Privacy Control: recorded, nothing tracked' : '',
  );
});
for (const button of document.querySelectorAll('button[data-kind]')) {
  button.onclick = () => tracker.track(button.dataset.kind, button.dataset.topic);
}
on('withdraw', async () => {
  const recorded = await tracker.withdraw();
  status(recorded ? 'consent withdrawn: recorded' : '');
});
on('flush', () => tracker.flush());
