// `garde policy diff OLD NEW`: what changed between two policies, material changes first, in
// plain words (issue 17 item 4); with --consents, how many people gave a consent that the change
// outdates, per purpose, from the database of the usual configuration; with --persons, their
// pseudonymous subject ids as CSV for a re-consent campaign (no name, no address).
import type { Db } from '../platform/db/index.ts';
import { type Change, policyChanges, purposesToRenew } from '../policy/diff.ts';
import { describeChange } from '../policy/diff-words.ts';
import type { Policy } from '../policy/schema.ts';
import { type Words, wordsIn } from '../words/words.ts';
import { policyFromFile } from './policy-file.ts';
import { UsageError } from './usage-error.ts';

type Options = { consents?: boolean; persons?: boolean; lang?: string };

export async function policyDiff(oldFile: string, newFile: string, opts: Options): Promise<void> {
  const older = await policyFromFile(oldFile);
  const newer = await policyFromFile(newFile);
  if (!older || !newer) return;
  const declared = newer.policy.languages;
  const language = opts.lang ?? (declared.includes('en') ? 'en' : declared[0]);
  // As `garde policy notice`: only a language the policy speaks, never a silent fallback.
  if (!language || !declared.includes(language))
    throw new UsageError(`--lang ${language}: the new policy declares ${declared.join(', ')}`);
  const words = wordsIn(newer, language);
  const changes = policyChanges(older, newer);
  if (opts.persons) return printPersons(older, newer, newFile);
  console.log(summary(older, newer, changes, words).join('\n'));
  if (opts.consents) console.log((await consentCounts(older, newer, newFile, words)).join('\n'));
}

const purposeName = (policy: Policy, words: Words) => (id: string) => {
  const p = policy.purposes.find((x) => x.id === id);
  return p ? words.text(p.description) : id;
};

function summary(older: Policy, newer: Policy, changes: Change[], words: Words): string[] {
  const material = changes.filter((c) => c.material);
  const other = changes.filter((c) => !c.material);
  const name = (c: Change) => purposeName(c.kind === 'purpose.removed' ? older : newer, words);
  const line = (c: Change) => {
    const renew = c.renewConsent.length > 0 ? ' (consent to ask again)' : '';
    return [
      `  - ${describeChange(c, older, newer, words)}${renew}`,
      c.purposes.length === newer.purposes.length
        ? '      for: every purpose'
        : `      for: ${c.purposes.map(name(c)).join('; ')}`,
    ];
  };
  const out = [
    `${older.policy.id} ${older.policy.version} -> ${newer.policy.id} ${newer.policy.version}: ${material.length} material change(s), ${other.length} other`,
  ];
  if (changes.length === 0) out.push('No change that matters to anyone: wording only, or nothing.');
  if (material.length > 0) out.push('', 'Material changes:', ...material.flatMap(line));
  if (other.length > 0)
    out.push('', 'Other changes (nothing widens; nobody is asked again):', ...other.flatMap(line));
  const renew = purposesToRenew(changes);
  if (renew.length > 0)
    out.push('', `Consent to ask again for: ${renew.map(purposeName(newer, words)).join('; ')}`);
  return out;
}

async function consentCounts(older: Policy, newer: Policy, newFile: string, words: Words) {
  const { outdatedConsentCounts } = await import('../consent/outdated.ts');
  const { counts, basis } = await withDatabase(newFile, async (db) => {
    const w = await windowsFromDatabase(db, older, newer);
    return { counts: await outdatedConsentCounts({ db, policy: newer }, w.windows), basis: w.basis };
  });
  const out = ['', basis, 'People whose consent was given under an earlier notice and must be asked again:'];
  if (counts.length === 0) out.push('  nobody');
  for (const c of counts) out.push(`  ${purposeName(newer, words)(c.purpose)}: ${c.people}`);
  return out;
}

async function printPersons(older: Policy, newer: Policy, newFile: string): Promise<void> {
  const { selectOutdatedConsents } = await import('../consent/store-outdated.ts');
  const { consentChannelsOf } = await import('../decide/compile.ts');
  await withDatabase(newFile, async (db) => {
    const { windows, basis } = await windowsFromDatabase(db, older, newer);
    // Standard output is the CSV; what the list is judged against goes to the operator.
    console.error(basis);
    process.stdout.write('purpose,subjectId\n');
    for (const [purpose, w] of windows) {
      let after: string[] | null = null;
      for (;;) {
        const rows = await selectOutdatedConsents(
          db,
          purpose,
          w,
          after,
          1000,
          consentChannelsOf(newer, purpose),
        );
        if (rows.length === 0) break;
        process.stdout.write(rows.map((r) => `${purpose},${r.item.subjectId}\n`).join(''));
        after = [rows[rows.length - 1]?.item.subjectId as string];
      }
    }
  });
}

/**
 * The database of the usual configuration (DATABASE_URL or GARDE_DATA), read only: NEW is the
 * policy (GARDE_POLICY is not needed), nothing is migrated or created, and a database that was
 * never set up is refused with the usual message (platform/db/index.ts).
 */
async function withDatabase<T>(newFile: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../platform/config.ts');
  const { openDb, requireEmbeddedDatabase, requireSetUp } = await import('../platform/db/index.ts');
  const config = loadConfig({ ...process.env, GARDE_POLICY: newFile });
  const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  requireEmbeddedDatabase(target);
  const db = await openDb(target);
  try {
    await requireSetUp(db, target);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * The outdated windows under NEW, from the policies the database recorded as in force; when it
 * recorded none (no server has started on it yet, or it predates that record), every consent on
 * record is taken as given under OLD: a preview of the campaign before NEW goes live. `basis`
 * says which, in a sentence for the operator.
 */
async function windowsFromDatabase(db: Db, older: Policy, newer: Policy) {
  const { selectPolicyHistory } = await import('../policy-versions/store.ts');
  const { contentHash, outdatedWindows } = await import('../policy-versions/model.ts');
  const table = await db.query<{ t: string | null }>(`SELECT to_regclass('policy_versions')::text AS t`);
  const history = table.rows[0]?.t ? await selectPolicyHistory(db) : [];
  const first = history[0];
  const basis = first
    ? `The database records the policies in force since ${first.inForceFrom.toISOString().slice(0, 10)} (${history.length} version(s)): consents are judged against that history, not against ${older.policy.id} ${older.policy.version}.`
    : `The database records no policy in force yet: every consent on record is taken as given under ${older.policy.id} ${older.policy.version}.`;
  const assumed =
    history.length > 0
      ? history
      : [
          {
            id: 0,
            policyId: older.policy.id,
            version: older.policy.version,
            contentHash: contentHash(older),
            content: older,
            inForceFrom: new Date(0),
          },
        ];
  return { windows: outdatedWindows(assumed, newer, contentHash(newer), new Date()), basis };
}
