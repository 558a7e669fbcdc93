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
  return out;
}
