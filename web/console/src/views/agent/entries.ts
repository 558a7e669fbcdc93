// The agent's screens (BK-13, BK-12): the registry (views.ts) spreads them in navigation order.
import type { ConsoleView } from '../../views.ts';

export const AGENT_VIEWS: readonly ConsoleView[] = [
  // Find a customer, then their card: themes and linked accounts, offers, check and log a contact.
  {
    id: 'agent-customers',
    roles: ['agent'],
    title: { en: 'Customers', fr: 'Clients', nl: 'Klanten' },
    load: () => import('./Customers.tsx'),
  },
  // Issue 16: the requests' tasks in systems nobody can automate that the policy gives the agent.
  {
    id: 'agent-tasks',
    roles: ['agent'],
    title: { en: 'Tasks', fr: 'Tâches', nl: 'Taken' },
    load: () => import('./Tasks.tsx'),
  },
];
