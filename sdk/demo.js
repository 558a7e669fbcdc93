// The demo page's wiring (a separate file: the CSP allows no inline script).
import { createTracker } from '/sdk/garde-tracker.js';

const tracker = createTracker({ flushMs: 60000 });
window.tracker = tracker;
const status = () => {
  document.getElementById('status').textContent = tracker.active ? 'identified' : 'not recording';
};
document.getElementById('identify').onclick = () => {
  tracker.identify(document.getElementById('token').value);
  status();
};
document.getElementById('visit').onclick = () => tracker.dossierVisited('vacances');
document.getElementById('simulate').onclick = () => tracker.simulationRun('pension');
document.getElementById('withdraw').onclick = () => {
  tracker.withdraw();
  status();
};
document.getElementById('flush').onclick = () => tracker.flush();
