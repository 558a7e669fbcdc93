// The HTTP connector (Standard Webhooks): being written.
import type { Dataset } from '../policy/schema.ts';
import type { Connector, Env } from './connector.ts';

export async function openHttpConnector(dataset: Dataset, _env: Env): Promise<Connector> {
  throw new Error(`dataset "${dataset.id}": the http connector is not built yet`);
}
