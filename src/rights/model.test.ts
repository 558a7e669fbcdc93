import { describe, expect, it } from 'vitest';
import { portalChannel } from '../policy/rights-defaults.ts';
import { loadPolicyOrThrow } from '../runtime.ts';
import { dueDate, extension, needsProof, urgency, verifyProof } from './model.ts';
import { sameName } from './names.ts';

const policy = await loadPolicyOrThrow('policies/energy-services.yaml');
const at = (s: string) => new Date(s);
const day = (d: Date) => d.toISOString().slice(0, 10);

const insurer = await loadPolicyOrThrow('policies/insurer-de.yaml');

describe("what the notice leaves unsaid: the Regulation's defaults (IN-23, RT-40)", () => {
  it('a policy that states no deadline answers within one month (Art. 12(3))', () => {
    expect(insurer.rights.deadline).toBeUndefined();
    expect(day(dueDate(insurer, at('2026-01-31T09:00:00Z')))).toBe('2026-02-28');
  });

  it('a policy that states no extension may still extend a request once by the two months the Regulation allows (Art. 12(3))', () => {
    expect(insurer.rights.extension).toBeUndefined();
    const request = {
      status: 'verified' as const,
      receivedAt: at('2026-01-31T09:00:00Z'),
      dueAt: at('2026-02-28T09:00:00Z'),
      extendedAt: null,
      closedAt: null,
    };
    expect(extension(insurer, request, at('2026-02-10T09:00:00Z'))).toEqual({
      dueAt: at('2026-04-28T09:00:00Z'),
    });
  });

  it('a channel that says nothing of proof leaves the request for staff to verify, and is never the portal (Art. 12(6))', () => {
    expect(insurer.rights.channels.every((c) => c.identityProof === undefined)).toBe(true);
    expect(needsProof(insurer, 'letter')).toBe(true);
    expect(portalChannel(insurer.rights)).toBeUndefined();
  });
});

describe('deadlines (EN-11: one month, extendable once by two)', () => {
  it.each([
    ['2026-01-15T09:00:00Z', '2026-02-15'],
    ['2026-01-31T09:00:00Z', '2026-02-28'],
    ['2028-01-31T09:00:00Z', '2028-02-29'],
    ['2026-03-31T09:00:00Z', '2026-04-30'],
    ['2026-12-31T23:59:00Z', '2027-01-31'],
    ['2026-02-28T12:00:00Z', '2026-03-28'],
  ])('received %s -> due %s, never skipping a month', (received, due) => {
    expect(day(dueDate(policy, at(received)))).toBe(due);
  });

  const open = (dueAt: string) => ({
    status: 'verified' as const,
    receivedAt: at('2026-01-31T09:00:00Z'),
    dueAt: at(dueAt),
    extendedAt: null,
    closedAt: null,
  });

  it('the extension runs two months from the original due date, across month ends', () => {
    const ext = extension(policy, open('2026-02-28T09:00:00Z'), at('2026-02-10T00:00:00Z'));
    expect('dueAt' in ext && day(ext.dueAt)).toBe('2026-04-28');
    const ext2 = extension(policy, open('2026-12-31T09:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect('dueAt' in ext2 && day(ext2.dueAt)).toBe('2027-02-28');
  });

  it('only once, only while open, and not once overdue', () => {
    const r = open('2026-02-28T09:00:00Z');
    expect(
      extension(policy, { ...r, extendedAt: at('2026-02-01T00:00:00Z') }, at('2026-02-10T00:00:00Z')),
    ).toEqual({
      problem: 'the request was already extended once',
    });
    expect(extension(policy, { ...r, status: 'completed' }, at('2026-02-10T00:00:00Z'))).toEqual({
      problem: 'the request is already completed',
    });
    expect(extension(policy, r, at('2026-03-01T00:00:00Z'))).toEqual({
      problem: 'the request is already overdue',
    });
  });

  it('overdue, due soon (7 days) and on time', () => {
    const r = open('2026-02-28T09:00:00Z');
    expect(urgency(r, at('2026-02-28T09:00:01Z'), 'P7D')).toBe('overdue');
    expect(urgency(r, at('2026-02-21T09:00:00Z'), 'P7D')).toBe('due-soon');
    expect(urgency(r, at('2026-02-21T08:59:59Z'), 'P7D')).toBe('on-time');
    expect(urgency({ ...r, status: 'completed' }, at('2027-01-01T00:00:00Z'), 'P7D')).toBe('closed');
  });
});

describe('identity verification (EN-12)', () => {
  const identity = { givenName: 'Zoé', familyName: "Van der Berg-O'Neil", birthDate: '1980-02-29' };
  const now = at('2026-06-15T10:00:00Z');

  it('names match whatever their case, accents, spaces and hyphens', () => {
    expect(sameName('Zoé', 'ZOE')).toBe(true);
    expect(sameName("Van der Berg-O'Neil", 'vanderbergoneil')).toBe(true);
    expect(sameName('Anne', 'Anna')).toBe(false);
  });

  it('keeps the outcome and the names of the fields compared; the rest of the document is redacted', () => {
    const v = verifyProof(
      identity,
      {
        documentType: 'id-card',
        givenName: 'ZOE',
        familyName: 'van der berg oneil',
        birthDate: '1980-02-29',
        expiresOn: '2030-01-01',
        documentNumber: '592-1234567-89',
        photo: 'base64...',
        address: 'Rue Haute 1',
      },
      now,
    );
    expect(v).toEqual({
      method: 'id-document',
      outcome: 'verified',
      documentType: 'id-card',
      compared: { givenName: true, familyName: true, birthDate: true, documentValid: true },
      redacted: ['address', 'documentNumber', 'photo'],
      at: now.toISOString(),
    });
    expect(JSON.stringify(v)).not.toContain('592-1234567');
  });

  it('fails on a different birth date, or an expired document', () => {
    const base = { documentType: 'passport' as const, givenName: 'Zoé', familyName: "Van der Berg-O'Neil" };
    expect(verifyProof(identity, { ...base, birthDate: '1980-03-01' }, now).outcome).toBe('failed');
    expect(
      verifyProof(identity, { ...base, birthDate: '1980-02-29', expiresOn: '2026-06-14' }, now).outcome,
    ).toBe('failed');
    expect(verifyProof({}, { ...base, birthDate: '1980-02-29' }, now).outcome).toBe('failed');
  });

  it('a request by e-mail comes from the record’s mailbox whatever its case (one mailbox, one person)', () => {
    const base = {
      documentType: 'id-card' as const,
      givenName: 'Zoé',
      familyName: "Van der Berg-O'Neil",
      birthDate: '1980-02-29',
    };
    const withMail = { ...identity, email: 'Zoe.VanDerBerg@Example.test' };
    const same = verifyProof(withMail, { ...base, fromEmail: 'zoe.vanderberg@example.TEST' }, now);
    expect(same).toMatchObject({ outcome: 'verified', compared: { fromEmail: true } });
    expect(JSON.stringify(same)).not.toContain('example');
    expect(verifyProof(withMail, { ...base, fromEmail: 'someone@example.test' }, now).outcome).toBe('failed');
    expect(verifyProof(identity, { ...base, fromEmail: 'zoe@example.test' }, now).outcome).toBe('failed');
  });
});
