import type { Words } from '../words.ts';

const EN = {
  whoHeading: 'Who is signed in',
  name: 'Name',
  role: 'Role',
  actor: 'Recorded in the audit trail as',
  expires: 'Session ends, unless you go on using it, at',
  expiresHint:
    'Each action moves this time on, up to the limit the policy sets for a session; after it, sign in again.',
  screensHeading: 'Your screens',
  noScreens: 'Your role has no other screens yet.',
};

export const OVERVIEW_WORDS: Words<typeof EN> = {
  en: EN,
  fr: {
    whoHeading: 'Qui est connecté',
    name: 'Nom',
    role: 'Rôle',
    actor: 'Enregistré dans la piste d’audit comme',
    expires: 'La session prend fin, sauf si vous continuez à l’utiliser, le',
    expiresHint:
      'Chaque action repousse ce moment, jusqu’à la limite que la politique fixe pour une session ; ensuite, reconnectez-vous.',
    screensHeading: 'Vos écrans',
    noScreens: 'Votre rôle n’a pas encore d’autres écrans.',
  },
  nl: {
    whoHeading: 'Wie is aangemeld',
    name: 'Naam',
    role: 'Rol',
    actor: 'Vastgelegd in het auditspoor als',
    expires: 'De sessie eindigt, tenzij u ze blijft gebruiken, op',
    expiresHint:
      'Elke handeling schuift dit tijdstip op, tot de grens die het beleid voor een sessie stelt; daarna meldt u zich opnieuw aan.',
    screensHeading: 'Uw schermen',
    noScreens: 'Uw rol heeft nog geen andere schermen.',
  },
};
