// The `garde` command. Exit codes: 0 success, 1 a check failed (policy invalid, audit chain
// broken), 2 bad usage or configuration.
import { Command, CommanderError, Option } from 'commander';
import { ROLES } from '../keys/model.ts';
import { ConfigError } from '../platform/config.ts';
import { PolicyInvalidError } from '../policy/invalid.ts';
import { EXIT, UsageError } from './usage-error.ts';

/**
 * A command's module is loaded only when it runs, so `garde policy check` or `--help` does not
 * load the server, the database drivers and the models first.
 */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: unknown[]): Promise<void> => {
    const action = (await load())[name] as (...a: unknown[]) => Promise<void> | void;
    await action(...args);
  };
}

// A reader that stops early (`garde policy diff --persons | head`) closes the pipe: that is the
// end of the output, not a failure to report with a stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

const program = new Command('garde')
  .description(
    'Garde: privacy policy as code. Configuration comes from the environment (see docs/operations.md).',
  )
  .exitOverride()
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the HTTP API (PORT, default 8080) on PGlite in GARDE_DATA or on DATABASE_URL')
  .option('--demo', 'seed demo data and demo API keys on first start, and print them')
  .option(
    '--allow-policy-rollback',
    'start on a policy that was in force before the one in force now (a deliberate rollback; see docs/policy-changes.md)',
  )
  .action(lazy(() => import('./serve.ts'), 'serveCommand'));

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(lazy(() => import('./migrate.ts'), 'migrateCommand'));

const policy = program.command('policy').description('Validate and inspect policy files');
policy
  .command('check')
  .argument('<file>', 'policy YAML file')
  .description('Validate a policy against the schema and lint rules; problems name file, line and key')
  .action(lazy(() => import('./policy.ts'), 'policyCheck'));
policy
  .command('show')
  .argument('<file>', 'policy YAML file')
  .option('--json', 'print the validated policy as JSON')
  .description('Summarise a policy: controller, purposes, retention, recipients, communication rules')
  .action(lazy(() => import('./policy.ts'), 'policyShow'));

policy
  .command('ropa')
  .argument('<file>', 'policy YAML file')
  .addOption(
    new Option('--format <format>', 'the file to write').choices(['html', 'csv', 'xlsx']).default('html'),
  )
  .option('--lang <language>', 'one of the languages the policy declares (default: its first)')
  .addOption(
    new Option(
      '--table <table>',
      'with --format csv, the table to write: controller (Art. 30(1)) or processor (Art. 30(2), where the policy processes for partners)',
    ).choices(['controller', 'processor']),
  )
  .option(
    '--output <file>',
    'write to this file instead of standard output (required for xlsx on a terminal)',
  )
  .description(
    'The record of processing activities (GDPR Art. 30): one row per purpose with every column Art. 30(1) asks, and the Art. 30(2) table where the policy acts as a processor (a CSV holds one table: --table)',
  )
  .action(lazy(() => import('./register.ts'), 'policyRopa'));
policy
  .command('dpv')
  .argument('<file>', 'policy YAML file')
  .option('--output <file>', 'write to this file instead of standard output')
  .description(
    'The machine-readable notice: the policy as W3C DPV JSON-LD (purposes, legal bases, categories, recipients, retention, transfers), with its context inline',
  )
  .action(lazy(() => import('./register.ts'), 'policyDpv'));

policy
  .command('notice')
  .argument('<file>', 'policy YAML file')
  .option('--lang <language>', 'one of the languages the policy declares (default: its first)')
  .addOption(
    new Option('--format <format>', 'the document to write').choices(['html', 'md', 'pdf']).default('html'),
  )
  .option('--output <file>', 'write to this file instead of standard output (a PDF needs one on a terminal)')
  .description(
    'Render the privacy notice (GDPR Art. 13/14) from the policy: HTML on standard output by default; pdf prints it in Chromium (GARDE_CHROMIUM)',
  )
  .action(lazy(() => import('./notice.ts'), 'policyNotice'));

policy
  .command('diff')
  .argument('<old>', 'the policy in force until now (YAML)')
  .argument('<new>', 'the policy that replaces it (YAML)')
  .option(
    '--consents',
    'also count, from the database, the people whose consent the change outdates, per purpose',
  )
  .option(
    '--persons',
    'instead, print their pseudonymous subject ids as CSV (purpose,subjectId) for a re-consent campaign',
  )
  .option(
    '--lang <code>',
    'the language of the words (a language the new policy declares; English by default)',
  )
  .description(
    'What changed between two policies, material changes first, and whose consent must be asked again',
  )
  .action(lazy(() => import('./policy-diff.ts'), 'policyDiff'));

policy
  .command('schema')
  .description('Print the JSON Schema of the policy format (published as policies/garde-policy.schema.json)')
  .action(lazy(() => import('./policy.ts'), 'policySchema'));

const datasets = program
  .command('datasets')
  .description("The controller's systems the policy declares (docs/datasets.md)");

datasets
  .command('check')
  .argument('<file>', 'policy YAML file')
  .description(
    'Connect to every dataset and check that each declared table and column exists; warn about personal-looking columns no field covers',
  )
  .action(lazy(() => import('./datasets.ts'), 'datasetsCheck'));

program
  .command('problems')
  .description('Print every problem type the API answers, with cause and fix (published as docs/problems.md)')
  .action(lazy(() => import('./problems.ts'), 'problemsCommand'));

program
  .command('seed')
  .argument('<what>', 'only "demo" for now')
  .option('--subjects <n>', 'how many subjects', '10000')
  .description('Seed a realistic demo population (refuses a database that already has subjects)')
  .action(lazy(() => import('./seed.ts'), 'seedCommand'));

program
  .command('audit')
  .command('verify')
  .description('Check the audit hash chain; names the first broken entry')
  .action(lazy(() => import('./audit-verify.ts'), 'auditVerify'));

program
  .command('retention')
  .command('run')
  .option('--dry-run', 'count what would be removed, change nothing')
  .option('--json', 'print the report as JSON')
  .description(
    'Apply the policy retention rules now (the server also runs them daily); prints counts per rule, category and store',
  )
  .action(lazy(() => import('./retention.ts'), 'retentionRun'));

datasets
  .command('sync')
  .option('--dataset <id>', 'only this dataset')
  .option('--json', 'print the report as JSON')
  .description(
    'Read the lifecycle facts the datasets declare (contract start and end, last contact, holdings) and write what changed; the server does it daily',
  )
  .action(lazy(() => import('./datasets-sync.ts'), 'datasetsSync'));

const model = program.command('model').description('The propensity model behind offers');
model
  .command('train')
  .description('Fit the per-product models on the recorded offer outcomes; prints the held-out AUC')
  .action(lazy(() => import('./model.ts'), 'modelTrain'));
model
  .command('eval')
  .option('--subjects <n>', 'synthetic population size', '20000')
  .option('--seed <n>', 'random seed', '7')
  .option('--json', 'print the evaluation as JSON')
  .description('Evaluate on a synthetic population with planted interests: AUC and precision@1 vs popularity')
  .action(lazy(() => import('./model.ts'), 'modelEval'));

program
  .command('interests')
  .command('score')
  .description('Rescore every subject’s interests now, set-based (the server does it daily)')
  .action(lazy(() => import('./model.ts'), 'interestsScore'));

program
  .command('keys')
  .command('create')
  .addOption(new Option('--role <role>', 'the role the key acts as').choices(ROLES).makeOptionMandatory())
  .option('--subject <id>', 'the subject a customer key is bound to')
  .option('--name <name>', 'a label for the key', '')
  .option('--scope <scope...>', 'optional scopes')
  .description('Create an API key; the secret is printed once and only its hash is stored')
  .action(lazy(() => import('./keys-create.ts'), 'keysCreate'));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Exit now: a command that failed must not linger on what it opened (an embedded database, a
  // half-built server), holding the data folder's lock. Its cleanups run on exit (shutdown.ts).
  process.exit(exitCodeFor(err));
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof ConfigError) {
    console.error(`garde: configuration error: ${err.message}`);
    return EXIT.usage;
  }
  if (err instanceof PolicyInvalidError) {
    console.error(`garde: the policy is invalid:\n${err.message}`);
    return EXIT.failed;
  }
  if (err instanceof UsageError) {
    console.error(`garde: ${err.message}`);
    return EXIT.usage;
  }
  console.error(`garde: ${(err as Error).message}`);
  return EXIT.failed;
}
