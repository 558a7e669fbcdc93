// The demo page's wiring (a separate file: the CSP allows no inline script).
import { createTracker } from '/sdk/garde-tracker.js';

const tracker = createTracker({ flushMs: 60000 });
window.tracker = tracker;
const status = (note = '') => {
  const state = tracker.active ? 'identified' : 'not recording';
  document.getElementById('status').textContent = note ? `${state} (${note})` : state;
};
document.getElementById('identify').onclick = async () => {
  const recorded = await tracker.identify(document.getElementById('token').value);
  status(
    recorded && navigator.globalPrivacyControl ? 'Global Privacy Control: recorded, nothing tracked' : '',
  );
};
document.getElementById('visit').onclick = () => tracker.dossierVisited('vacances');
document.getElementById('simulate').onclick = () => tracker.simulationRun('pension');
document.getElementById('withdraw').onclick = async () => {
  const recorded = await tracker.withdraw();
  status(recorded ? 'consent withdrawn: recorded' : '');
};
document.getElementById('flush').onclick = () => tracker.flush();
