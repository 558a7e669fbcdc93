// The console's views (docs: the console contract). Written by H3 before the shell landed: the
// lead merges these entries into the shell's registry.
type Role = 'dpo' | 'admin' | 'marketer' | 'agent';

export type ViewEntry = {
  id: string;
  roles: Role[];
  title: { fr: string; nl: string; en: string };
  load: () => Promise<{ default: unknown }>;
};

export const VIEWS: ViewEntry[] = [
  {
    id: 'dpo-requests',
    roles: ['dpo', 'admin'],
    title: { fr: 'Demandes d’exercice des droits', nl: 'Verzoeken van betrokkenen', en: 'Rights requests' },
    load: () => import('./views/dpo/RequestsQueue.tsx'),
  },
  {
    id: 'dpo-request',
    roles: ['dpo', 'admin'],
    title: { fr: 'Demande', nl: 'Verzoek', en: 'Request' },
    load: () => import('./views/dpo/RequestPage.tsx'),
  },
  {
    id: 'dpo-intake',
    roles: ['dpo', 'admin'],
    title: { fr: 'Enregistrer une demande', nl: 'Een verzoek registreren', en: 'Record a request' },
    load: () => import('./views/dpo/RequestIntake.tsx'),
  },
];
