// What `policy check` refuses in the controller's datasets: a connection that is not named by an
// environment variable, a table or column declared twice, a column filed under a category (or a
// field) the policy does not have. Pure: `garde datasets check` is the one that connects.
import type { LintFinding } from '../policy/lint-finding.ts';
import type { Dataset, Policy } from '../policy/schema.ts';

/** Whether Garde reaches the dataset itself (SQL or HTTP), rather than people on a task. */
export const isConnected = (d: Pick<Dataset, 'kind'>): boolean => d.kind !== 'manual';

export function datasetFindings(policy: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  const categories = new Map(policy.categories.map((c) => [c.id, c]));
  (policy.datasets ?? []).forEach((d, i) => {
    const at = (...rest: (string | number)[]) => ['datasets', i, ...rest];
    const push = (path: (string | number)[], message: string, rule: string) =>
      out.push({ path, message, rule });
    if (isConnected(d)) {
      if (!d.connection)
        push(
          at('kind'),
          `dataset "${d.id}" is ${d.kind}: name the environment variable that holds its ${d.kind === 'http' ? 'base URL' : 'connection URL'} (connection.url)`,
          'dataset-connection',
        );
      if (d.kind === 'http' && d.connection && !d.connection.secret)
        push(
          at('connection'),
          `dataset "${d.id}" is http: name the environment variable that holds its signing secret (connection.secret), so the system can tell Garde's requests from anyone's`,
          'dataset-connection',
        );
      if (d.kind !== 'http' && d.connection?.secret)
        push(
          at('connection', 'secret'),
          `a ${d.kind} dataset takes its credentials in its connection URL: connection.secret is for http`,
          'dataset-connection',
        );
      if (!d.tables || d.tables.length === 0)
        push(
          at('kind'),
          `dataset "${d.id}" is ${d.kind}: declare the tables that keep personal data (tables), or Garde reaches nothing there`,
          'dataset-tables',
        );
      if (d.task)
        push(at('task'), `a task is for a manual dataset: Garde acts on "${d.id}" itself`, 'dataset-task');
    } else if (d.connection)
      push(at('connection'), `"${d.id}" is manual: Garde does not connect to it`, 'dataset-connection');
    if (d.facts) factFindings(d, at, push);
    const names = new Set<string>();
    (d.tables ?? []).forEach((t, j) => {
      if (names.has(t.name))
        push(at('tables', j, 'name'), `table "${t.name}" is declared twice`, 'dataset-tables');
      names.add(t.name);
      const columns = new Set<string>();
      t.fields.forEach((f, k) => {
        const path = at('tables', j, 'fields', k);
        if (columns.has(f.column))
          push(
            [...path, 'column'],
            `column "${f.column}" of "${t.name}" is declared twice`,
            'dataset-fields',
          );
        columns.add(f.column);
        const category = categories.get(f.category);
        if (!category) {
          push(
            [...path, 'category'],
            `no category "${f.category}": the policy's are ${[...categories.keys()].join(', ')}`,
            'dataset-fields',
          );
          return;
        }
        if (f.field !== undefined && !category.fields.some((cf) => cf.name === f.field))
          push(
            [...path, 'field'],
            `category "${f.category}" has no field "${f.field}": its fields are ${category.fields.map((cf) => cf.name).join(', ')}`,
            'dataset-fields',
          );
      });
      if (t.restriction && columns.has(t.restriction.column))
        push(
          at('tables', j, 'restriction', 'column'),
          `the restriction mark "${t.restriction.column}" is a column of personal data too: give it a column of its own`,
          'dataset-fields',
        );
    });
  });
  // Issue 16: each fact has one system of record, or two syncs would overwrite each other daily.
  const from = new Map<string, string>();
  (policy.datasets ?? []).forEach((d, i) => {
    for (const fact of FACTS) {
      if (!d.facts?.[fact]) continue;
      const other = from.get(fact);
      if (other)
        out.push({
          path: ['datasets', i, 'facts', fact],
          message: `${fact} already comes from dataset "${other}": each fact comes from one system`,
          rule: 'dataset-facts',
        });
      else from.set(fact, d.id);
    }
  });
  return out;
}

const FACTS = ['customerSince', 'contractEnd', 'lastContact', 'holdings'] as const;

type Push = (path: (string | number)[], message: string, rule: string) => void;

function factFindings(
  d: Dataset,
  at: (...rest: (string | number)[]) => (string | number)[],
  push: Push,
): void {
  const f = d.facts as NonNullable<Dataset['facts']>;
  if (d.kind !== 'postgresql' && d.kind !== 'mysql')
    push(
      at('facts'),
      `dataset "${d.id}" is ${d.kind}: facts are read from a postgresql or mysql dataset (push them through the API otherwise: docs/lifecycle-facts.md)`,
      'dataset-facts',
    );
  const own = [f.customerSince, f.contractEnd, f.lastContact].some((c) => c !== undefined);
  if (!own && !f.holdings)
    push(
      at('facts'),
      'declare at least one fact: customerSince, contractEnd, lastContact or holdings',
      'dataset-facts',
    );
  if (own && (!f.table || !f.person))
    push(
      at('facts'),
      'name the table that holds these facts and how a person is found in it (table, person)',
      'dataset-facts',
    );
  if (!own && (f.table || f.person))
    push(
      at('facts', 'table'),
      'a facts table needs a fact to read: customerSince, contractEnd or lastContact',
      'dataset-facts',
    );
}
