import { testDeps } from '../test/support/backends.ts';
import { seedDemo } from '../src/demo/seed.ts';
for (const b of ['pglite','postgres'] as const) {
  const d = await testDeps(b);
  let t=performance.now();
  await seedDemo(d, 300, 'test', { behaviour: true });
  console.log(b,'seed 300', Math.round(performance.now()-t));
  await d.dispose();
}
