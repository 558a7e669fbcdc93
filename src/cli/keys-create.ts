import type { Role } from '../keys/model.ts';
import { scopeProblem } from '../keys/scopes.ts';
import { createKey } from '../keys/store.ts';
import { getSubject } from '../subjects/subjects.ts';
import { CLI_ACTOR, withRuntime } from './context.ts';
import { UsageError } from './usage-error.ts';

export async function keysCreate(opts: {
  role: Role;
  subject?: string;
  name: string;
  scope?: string[];
}): Promise<void> {
  if ((opts.role === 'customer') !== Boolean(opts.subject)) {
    throw new UsageError('keys create: --subject is required for --role customer, and only for it');
  }
  if (opts.subject && !/^[0-9a-f-]{36}$/i.test(opts.subject))
    throw new UsageError('keys create: --subject must be a subject id (uuid)');
  await withRuntime(async (deps) => {
    const refused = scopeProblem(deps.policy, opts.role, opts.scope ?? []);
    if (refused) throw new UsageError(`keys create: --scope: ${refused.message}`);
    if (opts.subject) {
      await getSubject(deps, opts.subject).catch(() => {
        throw new UsageError(`keys create: no subject ${opts.subject}`);
      });
    }
    const { key, info } = await createKey(
      deps.db,
      { role: opts.role, subjectId: opts.subject, name: opts.name, scopes: opts.scope },
      CLI_ACTOR,
    );
    console.error(`created ${info.role} key ${info.id} (store it now: it is not shown again)`);
    console.log(key);
  });
}
