// Creates and sends a campaign through the API as a marketer, as a person would: both steps must
// succeed; the answer is the send's counts and the batch written.
import { expect } from 'vitest';
import { recordConsent } from '../../src/consent/consent.ts';
import type { SubjectChange } from '../../src/subjects/model.ts';
import { createSubject } from '../../src/subjects/subjects.ts';
import type { TestApp } from './http.ts';

/** A commercial proposal by post from the bank (policies/retail-bank.yaml, the test apps' policy). */
export const BANK_PROPOSAL = {
  purpose: 'commercial-proposals',
  channel: 'postal-mail',
  messageClass: 'commercial',
  sender: 'bank',
} as const;

const WHO = { actor: 'test', role: 'admin' as const };

export type Sent = { id: string; sent: number; file: string; suppressed: Record<string, number> };

export async function createAndSend(t: TestApp, body: object): Promise<Sent> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/campaigns',
    headers: t.as('marketer'),
    payload: body,
  });
  expect(created.statusCode, created.body).toBe(201);
  const sent = await t.app.inject({
    method: 'POST',
    url: `/v1/campaigns/${created.json().id}/send`,
    headers: t.as('marketer'),
  });
  expect(sent.statusCode, sent.body).toBe(200);
  return { id: created.json().id as string, ...(sent.json() as Omit<Sent, 'id'>) };
}

/** A campaign's preview as the marketer reads it (must answer 200). */
export type Preview = { audience: number; eligible: number; suppressed: Record<string, number> };

export async function previewOf(t: TestApp, id: string): Promise<Preview> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/campaigns/${id}/preview`,
    headers: t.as('marketer'),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * `n` customers (since 2020) who agreed to commercial proposals, the i-th with `identity(i)`: an
 * audience a proposal by post or e-mail reaches. Their ids, in order.
 */
export async function consentingCustomers(
  t: TestApp,
  n: number,
  identity: (i: number) => NonNullable<SubjectChange['identity']>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await createSubject(
      t.deps,
      { lifecycle: 'customer', customerSince: '2020-01-01', identity: identity(i) },
      'test',
    );
    await recordConsent(t.deps, id, { purpose: 'commercial-proposals', state: 'given' }, WHO);
    ids.push(id);
  }
  return ids;
}
