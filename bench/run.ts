// npm run bench -- NAME [args]   |   npm run bench -- all

import { capBench } from './cap.ts';
import { datasetsBench } from './datasets.ts';
import { decideBench } from './decide.ts';
import { type Bench, report, withContext } from './harness.ts';
import { ingestBench } from './ingest.ts';
import { interestsBench } from './interests.ts';
import { rightsBench } from './rights.ts';
import { searchBench } from './search.ts';
import { seedBench } from './seed.ts';
import { webBench } from './web.ts';

const BENCHES: Bench[] = [
  seedBench,
  decideBench,
  ingestBench,
  capBench,
  rightsBench,
  datasetsBench,
  searchBench,
  interestsBench,
  webBench,
];

const [name, ...args] = process.argv.slice(2);
const chosen = name === 'all' ? BENCHES : BENCHES.filter((b) => b.name === name);
if (!name || chosen.length === 0) {
  console.error(
    `usage: npm run bench -- NAME|all [args]\n${BENCHES.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join('\n')}`,
  );
  process.exit(2);
}
for (const bench of chosen) {
  await withContext(args, async (ctx) => report(bench.name, ctx.backend, await bench.run(ctx)));
}
