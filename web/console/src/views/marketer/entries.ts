// The marketer's views, as entries of the console's registry (web/console/src/views.ts spreads
// them): the marketer's (the API refuses any other role anyway).
import type { ConsoleView } from '../../views.ts';

export const MARKETER_VIEWS: readonly ConsoleView[] = [
  {
    id: 'campaigns',
    roles: ['marketer'],
    title: { en: 'Campaigns', fr: 'Campagnes', nl: 'Campagnes' },
    load: () => import('./Campaigns.tsx'),
  },
  // The DPO's read-only view of the same list (BK-15): a channel whose batch names no processor
  // is handed over by the DPO, who downloads it here; no builder, no send.
  {
    id: 'dpo-campaigns',
    roles: ['dpo'],
    title: { en: 'Campaigns', fr: 'Campagnes', nl: 'Campagnes' },
    load: () => import('./Campaigns.tsx'),
  },
  {
    id: 'communications-report',
    roles: ['marketer'],
    title: { en: 'Monthly report', fr: 'Rapport mensuel', nl: 'Maandrapport' },
    load: () => import('./Report.tsx'),
  },
];
