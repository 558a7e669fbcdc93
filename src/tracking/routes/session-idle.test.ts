// EN-17: a session expires after the policy's idle timeout; using it keeps it alive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, FIXED_NOW } from '../../../test/support/backends.ts';
import { expectProblem, type TestApp, testApp } from '../../../test/support/http.ts';
import { policyVariant } from '../../../test/support/policy-variant.ts';

const MINUTE = 60_000;

describe.each(BACKENDS)('tracking sessions on %s', (backend) => {
  let t: TestApp;
  let clock = FIXED_NOW;

  beforeAll(async () => {
    // A timeout unlike any default: ten minutes, stated by the policy.
    const policy = await policyVariant('policies/retail-bank.yaml', (doc) => {
      doc.security = {
        transportEncryption: false,
        sessionIdleTimeout: 'PT10M',
        sessionAbsoluteTimeout: 'PT1H',
      };
    });
    t = await testApp(backend, { policy });
    t.deps.now = () => clock;
  });
  afterAll(() => t.dispose());

  const at = (minutes: number) => {
    clock = new Date(FIXED_NOW.getTime() + minutes * MINUTE);
  };
  const send = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: [
        {
          subjectId: t.customerId,
          kind: 'simulation-run',
          topic: 'pension',
          occurredAt: clock.toISOString(),
        },
      ],
    });

  it("a session idle longer than the policy's security.sessionIdleTimeout is refused; each use keeps it alive", async () => {
    at(0);
    const opened = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/sessions`,
      headers: t.as('admin'),
    });
    expect(opened.statusCode).toBe(201);
    const { token, expiresAt } = opened.json() as { token: string; expiresAt: string };
    expect(new Date(expiresAt).getTime()).toBe(FIXED_NOW.getTime() + 10 * MINUTE);
    // Used every nine minutes, it outlives its first expiry...
    at(9);
    expect((await send(token)).statusCode).toBe(200);
    at(18);
    expect((await send(token)).statusCode).toBe(200);
    // ...and once left idle for eleven, it is refused, and stays refused.
    at(29);
    expectProblem(await send(token), 401, 'AUTH_INVALID');
    at(30);
    expectProblem(await send(token), 401, 'AUTH_INVALID');
  });

  it("a session used without pause still ends at the policy's security.sessionAbsoluteTimeout", async () => {
    at(100);
    const opened = await t.app.inject({
      method: 'POST',
      url: `/v1/subjects/${t.customerId}/sessions`,
      headers: t.as('admin'),
    });
    const { token } = opened.json() as { token: string };
    // Used every nine minutes for 54 minutes: alive, but never past one hour from its start.
    for (const minute of [109, 118, 127, 136, 145, 154]) {
      at(minute);
      expect((await send(token)).statusCode).toBe(200);
    }
    at(159);
    expect((await send(token)).statusCode).toBe(200);
    at(160);
    expectProblem(await send(token), 401, 'AUTH_INVALID');
  });
});
