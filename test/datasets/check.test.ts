// `garde datasets check` against real systems: a PostgreSQL "CRM" and a MariaDB "core". The real
// command, as an operator runs it: it connects, names what the file declares that the system
// lacks (by the file's path), warns about personal-looking columns no field covers, and exits 1
// only on a problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalLook } from '../../src/datasets/personal-columns.ts';
import { garde, stopAll } from '../support/cli.ts';
import { policyVariant } from '../support/policy-variant.ts';
import { describeWhen } from '../support/requires.ts';
import { freshMysqlSystem, freshPostgresSystem, MYSQL_REQUIRED, type System } from '../support/systems.ts';

const CRM_DDL = [
  `CREATE TABLE contacts (id integer PRIMARY KEY, email varchar(200) NOT NULL, family_name varchar(100),
     telefoonnummer varchar(30), segment varchar(20), last_seen date, blocked boolean NOT NULL DEFAULT false)`,
];

/** The bank policy with one more system, `crm`, declared as `tables` say. */
function withCrm(kind: 'postgresql' | 'mysql', variable: string, tables: unknown[]) {
  return policyVariant('policies/retail-bank.yaml', (doc) => {
    doc.datasets = [
      {
        id: 'crm',
        description: { en: 'CRM', fr: 'CRM', nl: 'CRM' },
        kind,
        connection: { url: variable },
        tables,
      },
      {
        id: 'archive',
        description: { en: 'Paper archive', fr: 'Archives papier', nl: 'Papieren archief' },
        kind: 'manual',
        task: { role: 'dpo', within: 'P30D' },
      },
    ];
  });
}

const contacts = (fields: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'contacts',
  person: { by: 'email', column: 'email' },
  fields,
  ...extra,
});

const COMPLETE = [
  { column: 'email', category: 'identification', field: 'email' },
  { column: 'family_name', category: 'identification', field: 'familyName' },
];

for (const kind of ['postgresql', 'mysql'] as const) {
  const describeKind =
    kind === 'mysql'
      ? describeWhen(MYSQL_REQUIRED, 'datasets/check.test.ts')
      : describeWhen({ ok: true, why: '' }, '');
  describeKind(`garde datasets check on ${kind}`, { timeout: 60_000 }, () => {
    let sys: System;
    const VAR = 'GARDE_TEST_CRM_URL';
    beforeAll(async () => {
      sys = kind === 'mysql' ? await freshMysqlSystem() : await freshPostgresSystem();
      for (const s of CRM_DDL)
        await sys.exec(s.replace('boolean', kind === 'mysql' ? 'tinyint(1)' : 'boolean'));
    });
    afterAll(async () => {
      await stopAll();
      await sys?.dispose();
    });

    it('a declaration the system matches passes (exit 0), warns about a personal-looking column no field covers, and lists the manual dataset as not reachable by design', async () => {
      const file = await withCrm(kind, VAR, [
        contacts(COMPLETE, { clocks: { collected: 'last_seen' }, restriction: { column: 'blocked' } }),
      ]);
      const r = await garde(['datasets', 'check', file], { [VAR]: sys.url });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`dataset crm (${kind}, ${VAR}): ok, 1 table(s), 1 warning(s)`);
      expect(r.stdout).toContain(
        `warning: ${file}: datasets[0].tables[0].fields: column "telefoonnummer" of "contacts" looks like personal data (phone)`,
      );
      // Neither the person column nor a declared field, nor a column that looks like nothing personal.
      expect(r.stdout).not.toMatch(/"(email|family_name|segment)" of/);
      expect(r.stdout).toContain(
        'dataset archive (manual): not reachable by design: people act there, on a task for the dpo within P30D',
      );
    });

    it('names by the file’s path every declared table and column the system lacks, and exits 1', async () => {
      const file = await withCrm(kind, VAR, [
        contacts(
          [
            { column: 'email', category: 'identification', field: 'email' },
            { column: 'familyname', category: 'identification', field: 'familyName' },
          ],
          { clocks: { 'event-time': 'seen_at' }, restriction: { column: 'frozen' } },
        ),
        {
          name: 'tickets',
          person: { by: 'email', column: 'email' },
          fields: [{ column: 'body', category: 'communications' }],
        },
      ]);
      const r = await garde(['datasets', 'check', file], { [VAR]: sys.url });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('dataset crm');
      expect(r.stdout).toContain('4 problem(s)');
      expect(r.stdout).toContain(
        `problem: ${file}: datasets[0].tables[0].fields[1].column: table "contacts" has no column "familyname"`,
      );
      expect(r.stdout).toContain(
        `problem: ${file}: datasets[0].tables[0].clocks.event-time: table "contacts" has no column "seen_at"`,
      );
      expect(r.stdout).toContain(
        `problem: ${file}: datasets[0].tables[0].restriction.column: table "contacts" has no column "frozen"`,
      );
      expect(r.stdout).toContain(`problem: ${file}: datasets[0].tables[1].name: no table "tickets" in crm`);
      // The column left undeclared is warned about, the problems notwithstanding.
      expect(r.stdout).toContain('column "family_name" of "contacts" looks like personal data (name)');
      expect(r.stderr).toContain(`${file}: 1 dataset(s) with problems`);
    });

    it('says when the URL is of another kind than declared, and names an unset variable without connecting', async () => {
      const other = kind === 'mysql' ? 'postgresql' : 'mysql';
      const file = await withCrm(other, VAR, [contacts(COMPLETE)]);
      const mismatch = await garde(['datasets', 'check', file], { [VAR]: sys.url });
      expect(mismatch.code).toBe(0);
      expect(mismatch.stdout).toContain(
        `warning: ${file}: datasets[0].kind: declared ${other}, but ${VAR}'s URL is`,
      );
      const unset = await garde(['datasets', 'check', file]);
      expect(unset.code).toBe(1);
      expect(unset.stdout).toContain(
        `problem: ${file}: datasets[0].connection.url: environment variable ${VAR} is not set`,
      );
    });
  });
}

describe('garde datasets check, when a system cannot be reached', () => {
  afterAll(stopAll);
  it('exits 1 naming the dataset, and prints no password of the URL', async () => {
    const file = await withCrm('postgresql', 'GARDE_TEST_CRM_URL', [contacts(COMPLETE)]);
    const r = await garde(['datasets', 'check', file], {
      GARDE_TEST_CRM_URL: 'postgres://garde:s3cret-pass@127.0.0.1:1/crm',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `problem: ${file}: datasets[0].connection.url: dataset "crm" cannot be reached`,
    );
    expect(r.stdout + r.stderr).not.toContain('s3cret-pass');
  });
});

describe('what looks like a personal column', () => {
  it('reads English, French, Dutch and German names, in snake, kebab and camel case, and compounds', () => {
    const looks = Object.fromEntries(
      [
        'email',
        'Courriel',
        'tel_no',
        'telefonnummer',
        'firstName',
        'achternaam',
        'prénom',
        'date_naissance',
        'geburtsdatum',
        'dob',
        'street',
        'code-postal',
        'PLZ',
        'iban',
        'rekeningnummer',
        'last_ip',
        'ssn',
        'rijksregisternummer',
        'card_number',
      ].map((c) => [c, personalLook(c)]),
    );
    expect(looks).toEqual({
      email: 'e-mail',
      Courriel: 'e-mail',
      tel_no: 'phone',
      telefonnummer: 'phone',
      firstName: 'name',
      achternaam: 'name',
      prénom: 'name',
      date_naissance: 'birth',
      geburtsdatum: 'birth',
      dob: 'birth',
      street: 'address',
      'code-postal': 'address',
      PLZ: 'address',
      iban: 'account',
      rekeningnummer: 'account',
      last_ip: 'ip address',
      ssn: 'national id',
      rijksregisternummer: 'national id',
      card_number: 'card',
    });
  });

  it('leaves alone what only contains a short word (hotel, capacity, report, segment)', () => {
    for (const c of ['hotel_code', 'capacity', 'report', 'segment', 'amount_cents', 'status'])
      expect(personalLook(c), c).toBeNull();
  });
});
