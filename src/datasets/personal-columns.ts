// Column names that look like personal data, for `garde datasets check`'s warnings: a column no
// declared field covers is one Garde would neither show in an access report nor erase. Names only
// hint (the policy, never a name, says what a column holds: DESIGN.md section 1), so a match is a
// warning to look, not a finding that refuses. The words are English, French, Dutch and German,
// lower-case and without accents; docs/datasets.md lists them.

/** What a column looks like it holds, and the words that say so. */
export const PERSONAL_WORDS: Readonly<Record<string, readonly string[]>> = {
  'e-mail': ['email', 'mail', 'courriel', 'emailadres'],
  phone: [
    'phone',
    'telephone',
    'tel',
    'mobile',
    'gsm',
    'fax',
    'telefoon',
    'mobiel',
    'telefon',
    'handy',
    'portable',
  ],
  name: [
    'name',
    'firstname',
    'lastname',
    'surname',
    'forename',
    'nom',
    'prenom',
    'naam',
    'voornaam',
    'achternaam',
    'vorname',
    'nachname',
  ],
  birth: ['birth', 'birthday', 'dob', 'naissance', 'geboorte', 'geburt', 'geburtstag'],
  address: [
    'address',
    'addr',
    'street',
    'city',
    'town',
    'zip',
    'postal',
    'postcode',
    'adresse',
    'rue',
    'ville',
    'adres',
    'straat',
    'stad',
    'gemeente',
    'woonplaats',
    'strasse',
    'stadt',
    'ort',
    'wohnort',
    'plz',
    'postleitzahl',
  ],
  account: ['iban', 'bic', 'account', 'compte', 'rekening', 'konto', 'rekeningnummer'],
  'ip address': ['ip', 'ipv4', 'ipv6'],
  'national id': [
    'ssn',
    'nin',
    'nir',
    'niss',
    'insz',
    'national',
    'rijksregister',
    'rijksregisternummer',
    'passport',
    'passeport',
    'paspoort',
    'reisepass',
    'ausweis',
    'personalausweis',
    'identiteitskaart',
    'idcard',
  ],
  card: ['card', 'carte', 'kaart', 'karte', 'pan'],
};

// A word matches a whole part of the name (tel_no, but not hotel; city, but not capacity); these
// also match inside a compound, as German and Dutch write them (geburtsdatum, telefonnummer,
// achternaam, username).
export const INSIDE_COMPOUNDS: readonly string[] = [
  'mail',
  'phone',
  'telefon',
  'telefoon',
  'name',
  'naam',
  'birth',
  'geburt',
  'geboorte',
  'address',
  'adresse',
  'adres',
  'strasse',
  'straat',
  'iban',
  'rekening',
  'konto',
  'passport',
  'paspoort',
  'ausweis',
  'rijksregister',
];

const entries = Object.entries(PERSONAL_WORDS).flatMap(([what, words]) => words.map((w) => ({ what, w })));

/** The parts of a column name: snake_case, kebab-case, camelCase and digits split, accents dropped. */
export function nameParts(column: string): string[] {
  return column
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** What the column's name suggests it holds (e.g. "e-mail", "birth"); null when nothing. */
export function personalLook(column: string): string | null {
  const parts = nameParts(column);
  for (const { what, w } of entries)
    if (parts.some((p) => p === w || (INSIDE_COMPOUNDS.includes(w) && p.includes(w)))) return what;
  return null;
}
