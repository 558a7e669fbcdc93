// What a person is told about who answers for their data and how they keep control of it
// (issue 17 item 4; Art. 13(1)(a)-(b), 13(2)(b)-(d), 7(3), 12(3); WP260 rev.01 para. 29: a change
// of the controller's identity or of how rights are exercised is material and must be told).
// These are material but renew no consent: the processing consented to is the same, the person
// is told before it applies. Pure; ./diff.ts judges them.
import type { Found } from './diff.ts';
import { endOf, keptPurposes } from './diff-compare.ts';
import type { Policy, Purpose } from './schema.ts';

export function toldChanges(older: Policy, newer: Policy): Found[] {
  const all = keptPurposes(older, newer);
  const out: Found[] = [];
  const told = (kind: Found['kind'], detail: Found['detail'] = {}, purposes = all) =>
    out.push({ kind, purposes, detail });
  // The purposes the main controller answers for (a group company's own are its own).
  const mine = all.filter((p) => !newer.controller.entities.some((e) => e.controllerOf?.includes(p)));
  if (older.controller.name !== newer.controller.name) told('controller.identity', {}, mine);
  if (older.controller.dpo && !newer.controller.dpo) told('controller.dpo', {}, mine);
  const rights = older.rights.supported.filter((r) => !newer.rights.supported.includes(r));
  if (rights.length > 0) told('rights.removed', { removed: rights });
  const fewer = older.rights.channels.some((o) => {
    const n = newer.rights.channels.find((x) => x.id === o.id);
    const of = (c: typeof o) => c.rights ?? older.rights.supported;
    return !n || of(o).some((r) => !(n.rights ?? newer.rights.supported).includes(r));
  });
  if (fewer) told('rights.channels');
  const answer = (p: Policy) => endOf(p.rights.deadline ?? 'P1M') + endOf(p.rights.extension ?? 'P0D');
  if (answer(newer) > answer(older)) told('rights.deadline');
  for (const p of newer.purposes) {
    const o = older.purposes.find((x) => x.id === p.id);
    if (!o?.consent || !p.consent) continue;
    const gone = o.consent.withdrawVia.filter((i) => !p.consent?.withdrawVia.includes(i));
    if (gone.length > 0) told('purpose.withdraw-via', {}, [p.id]);
    if (gpcRank(p) < gpcRank(o)) told('purpose.gpc', {}, [p.id]);
  }
  return out;
}

// Global Privacy Control: a withdrawal, an objection, or ignored (absent: ignored).
const gpcRank = (p: Purpose) => ({ withdraw: 2, object: 1, ignore: 0 })[p.consent?.gpc ?? 'ignore'];
