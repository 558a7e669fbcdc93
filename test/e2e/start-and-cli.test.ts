// Black box: the real `garde` command, as a newcomer runs it. The embedded database is used by
// one process at a time (the folder is locked), so the server is stopped before the CLI opens it.
// Each step waits for readiness (the "listening" line, a command's exit); the timeouts are only
// ceilings for a machine busy with other suites: the first start seeds for 15-40 s.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGardeClient } from '../../clients/typescript/index.ts';
import { openDb } from '../../src/platform/db/index.ts';
import { garde, startServer, stop, stopAll } from '../support/cli.ts';
import { POLICIES } from '../support/policies.ts';

const CEILING = { timeout: 240_000 };

describe('npm start, then the CLI, on a fresh data folder', CEILING, () => {
  let dir: string;
  let env: Record<string, string>;
  let demoKeys: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'garde-e2e-'));
    env = { GARDE_DATA: dir, PORT: '0', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with demo data, answers /health and serves the demo keys it prints', async () => {
    const server = await startServer(['--demo'], env);
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect(server.output()).toMatch(/seeded demo data: 10000 subjects/);
      expect(server.output()).toMatch(
        /demo core system \(dataset core-banking\) \(wrote customers=\d+ accounts=\d+ contact_history=\d+ in \d+ ms\): GARDE_CORE_URL=pglite:/,
      );
      const [file, ...others] = (await readdir(dir)).filter((f) => /^demo-keys-[0-9a-f-]{36}\.json$/.test(f));
      expect(others).toEqual([]);
      demoKeys = JSON.parse(await readFile(join(dir, file as string), 'utf8'));
      expect(server.output()).toContain(demoKeys.admin);
      // Each demo key works for its role's tour, through the typed client an integrator uses:
      // the processor's is its feature feed.
      const as = (role: string) => createGardeClient({ baseUrl: server.url, apiKey: demoKeys[role] });
      const features = await as('processor').GET('/v1/processor/features', {
        params: { query: { purpose: 'web-personalisation', limit: 2 } },
      });
      expect(features.response.status, JSON.stringify(features.error)).toBe(200);
      expect(features.data?.items).toHaveLength(2);
      const page = await as('dpo').GET('/v1/subjects', {
        params: { query: { limit: 3, lifecycle: 'customer' } },
      });
      expect(page.data?.items).toHaveLength(3);
      for (const s of page.data?.items ?? []) expect(s.lifecycle).toBe('customer');
      // The bank's notice is about its customers and keeps nothing after a contract ends (BK-1):
      // its demo holds no former customers.
      const former = await as('dpo').GET('/v1/subjects', {
        params: { query: { limit: 1, lifecycle: 'former' } },
      });
      expect(former.response.status).toBe(200);
      expect(former.data?.items).toEqual([]);
      const refused = await as('marketer').GET('/v1/subjects');
      expect(refused.response.status).toBe(403);
      expect(refused.error?.code).toBe('ROLE_FORBIDDEN');
      // The printed privacy link opens the demo customer's page, signed in as them.
      const link = /privacy page .*: (http\S+)/.exec(server.output())?.[1] as string;
      const opened = await fetch(link, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const cookie = String(opened.headers.get('set-cookie')).split(';')[0] as string;
      const me = await (await fetch(`${server.url}/v1/me`, { headers: { cookie } })).json();
      const customer = await as('customer').GET('/v1/me');
      expect(me.subjectId).toBe(customer.data?.subjectId);
      // The printed console address; each printed staff key signs in to it (issue 15).
      expect(server.output()).toContain(`staff console: ${server.url}/console/`);
      for (const role of ['dpo', 'marketer', 'agent']) {
        const staff = await fetch(`${server.url}/v1/console/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          body: JSON.stringify({ key: demoKeys[role] }),
        });
        expect(staff.status).toBe(201);
      }
    } finally {
      await stop(server.child);
    }
  });

  it('writes the demo core system as a second embedded database, holding the demo customers by customer number', async () => {
    const core = join(dir, 'core');
    const garde_ = await openDb({ databaseUrl: undefined, dataDir: dir });
    const customers = await garde_.query<{ external_ref: string; email: string; accounts: number }>(
      `SELECT s.external_ref, i.email, (SELECT count(*)::int FROM holdings h WHERE h.subject_id = s.id) AS accounts
         FROM subjects s JOIN identities i ON i.subject_id = s.id
        WHERE s.lifecycle = 'customer' ORDER BY s.external_ref LIMIT 3`,
    );
    await garde_.close();
    expect(customers.rows).toHaveLength(3);
    const { openPglite } = await import('../../src/platform/db/pglite.ts');
    const db = await openPglite(core);
    try {
      for (const c of customers.rows) {
        expect(c.external_ref).toMatch(/^\d{10}$/);
        const row = await db.query<{ email: string; accounts: number }>(
          `SELECT c.email, (SELECT count(*)::int FROM accounts a WHERE a.customer_no = c.customer_no) AS accounts
             FROM customers c WHERE c.customer_no = $1`,
          [c.external_ref],
        );
        expect(row.rows).toEqual([{ email: c.email, accounts: c.accounts }]);
      }
    } finally {
      await db.close();
    }
    // The printed variable reaches it from another shell: every declared table and column is there.
    const checked = await garde(['datasets', 'check', 'policies/retail-bank.yaml'], {
      GARDE_CORE_URL: `pglite:${core}`,
    });
    expect(checked.stdout).toContain('dataset core-banking (postgresql, GARDE_CORE_URL): ok, 3 table(s)');
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it('starts again without re-seeding, keeping its keys', async () => {
    const server = await startServer(['--demo'], env);
    try {
      expect(server.output()).not.toMatch(/seeded demo data/);
      expect(server.output()).toContain(
        `demo core system (dataset core-banking): GARDE_CORE_URL=pglite:${dir}/core`,
      );
      expect(server.output()).toContain(demoKeys.admin);
      const res = await fetch(`${server.url}/v1/subjects?limit=1`, {
        headers: { authorization: `Bearer ${demoKeys.admin}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await stop(server.child);
    }
  });

  it('`garde audit verify` passes, then names the row someone tampered with', async () => {
    const ok = await garde(['audit', 'verify'], env);
    expect(ok.stdout).toMatch(/audit chain ok: \d+ entries/);
    expect(ok.code).toBe(0);

    const db = await openDb({ databaseUrl: undefined, dataDir: dir });
    await db.exec(
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'key:someone-else' WHERE seq = 2; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;",
    );
    await db.close();

    const broken = await garde(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit chain broken at entry seq=2 (hash-mismatch)');
  });

  it('`garde seed demo` refuses a database that already has subjects', async () => {
    const r = await garde(['seed', 'demo'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already has subjects');
  });

  it('`garde retention run` counts per rule and store, dry or for real, and prints no personal data', async () => {
    const db = await openDb({ databaseUrl: undefined, dataDir: dir });
    const people = await db.query<{ id: string; email: string; family_name: string }>(
      'SELECT s.id, i.email, i.family_name FROM subjects s JOIN identities i ON i.subject_id = s.id LIMIT 200',
    );
    await db.close();
    const dry = await garde(['retention', 'run', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^retention dry run at /);
    expect(dry.stdout).toMatch(/web-behaviour-1y\s+web-behaviour\s+events\s+drop-partitions/);
    expect(dry.stdout).toMatch(/total would remove: [\d,]+ rows/);
    const real = await garde(['retention', 'run', '--json'], env);
    expect(real.code, real.stderr).toBe(0);
    const report = JSON.parse(real.stdout);
    expect(report).toMatchObject({ dryRun: false, steps: expect.any(Array) });
    const again = JSON.parse((await garde(['retention', 'run', '--dry-run', '--json'], env)).stdout);
    expect(again.totalRows).toBe(0);
    for (const p of people.rows)
      for (const v of [p.id, p.email, p.family_name])
        expect(dry.stdout + dry.stderr + real.stdout + real.stderr).not.toContain(v);
  });

  it('`garde interests score` rescores everyone; `garde model eval` meets its targets on planted data', async () => {
    const scored = await garde(['interests', 'score'], env);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stdout).toMatch(/^scored \d+ subjects: \d+ interests kept, \d+ removed/);
    const evaluated = await garde(['model', 'eval', '--seed', '7']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('targets (AUC >= 0.85, precision@1 >= 2x popularity): met');
    const bad = await garde(['model', 'eval', '--subjects', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--subjects must be 100 to 1000000');
  });

  it('`garde keys create` prints a working key once, and checks its options', async () => {
    const made = await garde(['keys', 'create', '--role', 'marketer'], env);
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toMatch(/^garde_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const bad = await garde(['keys', 'create', '--role', 'customer'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--subject is required');
    const badRole = await garde(['keys', 'create', '--role', 'king'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('Allowed choices are customer, agent, marketer, dpo, processor, admin');
  });

  it('`garde keys create` makes a key only with scopes its role can hold under the policy', async () => {
    const bogus = await garde(['keys', 'create', '--role', 'processor', '--scope', 'bogus'], env);
    expect(bogus.code).toBe(2);
    expect(bogus.stdout).toBe('');
    expect(bogus.stderr).toContain(
      'keys create: --scope: "bogus" is not a scope a processor key can hold (valid for a processor key: batches, events, features, recipient:analytics-processor',
    );
    const scoped = ['--scope', 'features', 'recipient:analytics-processor'];
    const made = await garde(['keys', 'create', '--role', 'processor', ...scoped], env);
    expect(made.code, made.stderr).toBe(0);
  });

  it('commands that work on data refuse a folder that holds no database, and make nothing there', async () => {
    const typo = join(dir, 'typo');
    for (const args of [
      ['audit', 'verify'],
      ['retention', 'run', '--dry-run'],
    ]) {
      const r = await garde(args, { ...env, GARDE_DATA: typo });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`GARDE_DATA: no Garde database in ${typo}: run \`garde migrate\``);
    }
    expect(existsSync(typo)).toBe(false);
    const empty = await garde(['audit', 'verify'], { ...env, GARDE_DATA: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('GARDE_DATA: is empty');
  });
});

describe('garde policy', CEILING, () => {
  afterAll(stopAll);

  it.each(POLICIES)('check passes %s', async (file) => {
    const r = await garde(['policy', 'check', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}: ok`);
  });

  it('check fails a purpose without a legal basis and names it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-policy-'));
    const text = (await readFile('test/fixtures/minimal-policy.yaml', 'utf8')).replace(
      '    legalBasis: consent\n',
      '',
    );
    await writeFile(join(dir, 'bad.yaml'), text);
    const r = await garde(['policy', 'check', join(dir, 'bad.yaml')]);
    await rm(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: purposes\[newsletter\]: missing required key "legalBasis"/);
  });

  it('show summarises purposes, retention and the cap', async () => {
    const r = await garde(['policy', 'show', 'policies/retail-bank.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Purposes:/);
    expect(r.stdout).toMatch(/Communications: at most 1 per calendar-month/);
  });

  it('a bad environment variable is named, with exit code 2', async () => {
    const r = await garde(['migrate'], { PORT: 'x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT: must be an integer');
  });

  it('GARDE_DATA naming a file, or a folder under one, is named, with exit code 2 and no stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-data-'));
    const file = join(dir, 'not-a-folder');
    await writeFile(file, '');
    try {
      for (const data of [file, join(file, 'db')]) {
        for (const args of [['serve', '--demo'], ['migrate'], ['seed', 'demo']]) {
          const r = await garde(args, { GARDE_DATA: data, PORT: '0' });
          expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
          expect(r.stderr).toContain(`GARDE_DATA: ${data}`);
          expect(r.stderr).toContain(`${file} is a file`);
          expect(r.stderr).not.toMatch(/EEXIST|ENOTDIR|\n\s+at /);
        }
      }
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('a TLS file, policy or data folder that cannot serve is named before anything starts, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-files-'));
    const text = join(dir, 'hostname');
    await writeFile(text, 'vm\n');
    const data = join(dir, 'data');
    const cases: [Record<string, string>, string][] = [
      [{ GARDE_TLS_CERT: text, GARDE_TLS_KEY: text }, `GARDE_TLS_CERT: ${text} holds no PEM certificate`],
      [
        { GARDE_POLICY: join(dir, 'nonexistent.yaml') },
        `GARDE_POLICY: ${join(dir, 'nonexistent.yaml')} does not exist`,
      ],
    ];
    // Node's own recursive mkdir never returns there.
    if (existsSync('/proc/self'))
      cases.push([{ GARDE_DATA: '/proc/garde' }, 'GARDE_DATA: cannot create the data folder /proc/garde']);
    try {
      for (const [vars, message] of cases) {
        const r = await garde(['serve'], { GARDE_DATA: data, PORT: '0', ...vars });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(existsSync(data)).toBe(false);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('a PORT in use, a HOST not of this machine, or plain HTTP the policy forbids (EN-16) is named, exit 2, and the process ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-listen-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const inUse = await garde(['serve', '--demo'], { GARDE_DATA: dir, PORT: port });
      expect(inUse.code, inUse.stderr).toBe(2);
      expect(inUse.stderr).toContain(`PORT: 127.0.0.1:${port} is already in use`);
      // Found before the first start's seed, not after it.
      expect(inUse.stdout).not.toContain('seeding demo data');
      const nowhere = await garde(['serve'], { GARDE_DATA: dir, PORT: '0', HOST: 'nowhere.invalid' });
      expect(nowhere.code, nowhere.stderr).toBe(2);
      expect(nowhere.stderr).toContain('HOST: nowhere.invalid is not an address of this machine');
      // EN-16: a policy that promises encrypted transport is not served in plain HTTP to the network.
      const plain = await garde(['serve'], {
        GARDE_DATA: dir,
        PORT: '0',
        HOST: '0.0.0.0',
        GARDE_POLICY: 'policies/energy-services.yaml',
      });
      expect(plain.code, plain.stderr).toBe(2);
      expect(plain.stderr).toContain('HOST: 0.0.0.0 would serve plain HTTP');
      expect(plain.stderr).toContain('security.transportEncryption: true');
      // Nothing was left holding the data folder.
      expect((await garde(['audit', 'verify'], { GARDE_DATA: dir })).code).toBe(0);
    } finally {
      taken.close();
      await rm(dir, { recursive: true });
    }
  });

  it('serve refuses to start on an invalid policy, naming file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'garde-policy-'));
    const text = (await readFile('policies/retail-bank.yaml', 'utf8')).replace(
      '  identifiedOnly: true',
      '  identifiedOnly: yes please',
    );
    await writeFile(join(dir, 'bank.yaml'), text);
    const r = await garde(['serve'], { GARDE_POLICY: join(dir, 'bank.yaml'), GARDE_DATA: dir, PORT: '0' });
    await rm(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bank\.yaml:\d+:\d+: tracking\.identifiedOnly: must be boolean/);
  });

  it('PostgreSQL without an encryption key is a configuration error', async () => {
    const r = await garde(['seed', 'demo'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GARDE_ENCRYPTION_KEY: required with DATABASE_URL');
  });

  it('--help and unknown commands', async () => {
    expect((await garde(['--help'])).code).toBe(0);
    const r = await garde(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
