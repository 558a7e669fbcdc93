// The marketer's views, as entries of the console's registry (web/console/src/views.ts spreads
// them): open to the marketer and the admin; the API refuses any other role anyway.
export const MARKETER_VIEWS = [
  {
    id: 'campaigns',
    roles: ['marketer', 'admin'],
    title: { en: 'Campaigns', fr: 'Campagnes', nl: 'Campagnes' },
    load: () => import('./Campaigns.tsx'),
  },
  {
    id: 'communications-report',
    roles: ['marketer', 'admin'],
    title: { en: 'Monthly report', fr: 'Rapport mensuel', nl: 'Maandrapport' },
    load: () => import('./Report.tsx'),
  },
] as const;
