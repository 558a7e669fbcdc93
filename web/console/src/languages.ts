// The languages the console ships, apart from words.ts so that node tests can import them (and
// catalogues typed by them) without the browser-only modules words.ts reaches.
export const LANGUAGES = ['en', 'fr', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Words in every language the console ships: no language can miss a message. */
export type Words<C> = Readonly<Record<Language, C>>;
