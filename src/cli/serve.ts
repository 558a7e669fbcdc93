import { ensureDemoKeys, isSeeded, seedDemo } from '../demo/seed.ts';
import { loadConfig } from '../platform/config.ts';
import { openRuntime } from '../runtime.ts';
import { serve } from '../server.ts';

export async function serveCommand(opts: { demo?: boolean }): Promise<void> {
  const deps = await openRuntime(loadConfig());
  if (opts.demo) {
    if (!(await isSeeded(deps.db))) {
      const report = await seedDemo(deps);
      console.log(
        `seeded demo data: ${report.tables.subjects} subjects in ${report.generateMs + report.writeMs} ms`,
      );
    }
  }
  const keys = opts.demo ? await ensureDemoKeys(deps) : {};
  const { url } = await serve(deps);
  console.log(`Garde is listening on ${url} (${deps.db.backend}, policy ${deps.policy.policy.id})`);
  console.log(`  API docs: ${url}/docs   OpenAPI: ${url}/openapi.json`);
  for (const [role, key] of Object.entries(keys)) console.log(`  demo ${role.padEnd(9)} key: ${key}`);
}
