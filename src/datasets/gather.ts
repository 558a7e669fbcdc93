// A person's rows in the controller's connected systems, as access reports and portability
// exports carry Garde's own: table by table, each row split by category, each value under the
// name of the policy field it holds (or its column). Manual systems are not read: their part of
// a request is a person's task.
import type { Queryable } from '../platform/db/index.ts';
import { GardeError } from '../platform/errors.ts';
import type { Policy } from '../policy/schema.ts';
import type { Store } from '../rights/catalogue.ts';
import type { StoreData } from '../rights/data.ts';
import { categoriesOf } from './actions.ts';
import { type Connector, DatasetUnavailableError, type Env, openConnector } from './connector.ts';
import { isConnected } from './lint.ts';
import { personKeys } from './person.ts';

export type Gatherer = { env?: Env; open?: typeof openConnector };

/** `dataset:table`, the name a dataset's table goes by beside Garde's own tables. */
export const placeName = (dataset: string, table: string) => `${dataset}:${table}`;

/**
 * Every connected dataset's rows of the person. Throws DATASET_UNAVAILABLE (503, naming the
 * system) when one cannot be read: an answer that silently left a system out would be wrong.
 */
export async function collectDatasetData(
  db: Queryable,
  policy: Policy,
  subjectId: string,
  g: Gatherer = {},
): Promise<StoreData[]> {
  const connected = (policy.datasets ?? []).filter(isConnected);
  if (connected.length === 0) return [];
  const keys = await personKeys(db, subjectId);
  if (!keys) return [];
  const out: StoreData[] = [];
  for (const dataset of connected) {
    let c: Connector | null = null;
    try {
      c = await (g.open ?? openConnector)(dataset, g.env ?? process.env);
      const tables = await c.read(keys);
      for (const t of dataset.tables ?? []) {
        const rows = tables.find((x) => x.table === t.name)?.rows ?? [];
        for (const category of categoriesOf(t)) {
          const fields = t.fields.filter((f) => f.category === category);
          const store: Store = {
            table: placeName(dataset.id, t.name),
            fields: Object.fromEntries(fields.map((f) => [f.field ?? f.column, [f.column, 'json']])),
            portable: true,
            erase: 'delete',
            clocks: {},
            order: '',
          };
          out.push({
            store,
            category,
            rows: rows.map((r) =>
              Object.fromEntries(fields.map((f) => [f.field ?? f.column, r[f.column] ?? null])),
            ),
          });
        }
      }
    } catch (err) {
      if (err instanceof DatasetUnavailableError)
        throw new GardeError('DATASET_UNAVAILABLE', err.message, { dataset: dataset.id });
      throw err;
    } finally {
      await c?.close().catch(() => {});
    }
  }
  return out;
}
