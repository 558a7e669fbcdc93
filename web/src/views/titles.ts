// The views' names, in every language the page ships: the navigation reads them without loading
// the views themselves (each is its own chunk, fetched when opened), and each view heads itself
// with the same words.
import { sayIn, type ViewWords } from '../i18n.ts';

const EN = {
  history: 'History of your choices',
  interests: 'Your interests',
  messages: 'Your commercial messages',
  objections: 'Objections and restriction',
  requests: 'Your requests',
  subscriptions: 'Your subscriptions',
  themes: 'Your themes',
};

const TITLES: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    history: 'Historique de vos choix',
    interests: 'Vos centres d’intérêt',
    messages: 'Vos messages commerciaux',
    objections: 'Oppositions et limitation',
    requests: 'Vos demandes',
    subscriptions: 'Vos abonnements',
    themes: 'Vos thèmes',
  },
  nl: {
    history: 'Geschiedenis van uw keuzes',
    interests: 'Uw interesses',
    messages: 'Uw commerciële berichten',
    objections: 'Bezwaar en beperking',
    requests: 'Uw verzoeken',
    subscriptions: 'Uw abonnementen',
    themes: 'Uw thema’s',
  },
  de: {
    history: 'Verlauf Ihrer Entscheidungen',
    interests: 'Ihre Interessen',
    messages: 'Ihre Werbenachrichten',
    objections: 'Widerspruch und Einschränkung',
    requests: 'Ihre Anträge',
    subscriptions: 'Ihre Abonnements',
    themes: 'Ihre Themen',
  },
};

type TitledView = keyof typeof EN;

/** The name of `view` in `language` (English when the page has no such language). */
export const viewTitle = (view: TitledView, language: string): string => sayIn(TITLES, language)(view);
