// Art. 13(1)(a)-(b), 14(1)(a)-(b), Art. 26(2): who the controller is and how to reach it, the
// group companies that act for it or control purposes of their own, joint controllers, the
// partners it processes data for, and the data protection officer.
import { type Block, type Ctx, list, paragraph, purposeNames, type Section, section } from './notice.ts';

/** Art. 26(2): each joint arrangement, its parties, purposes, essence and contact point. */
function jointBlocks(c: Ctx): Block[] {
  const k = c.policy.controller;
  return (c.policy.jointControllers ?? []).flatMap((j) => {
    const parties = j.parties.map((x) =>
      typeof x === 'string' ? (k.entities.find((e) => e.id === x)?.name ?? k.name) : x.name,
    );
    const more = [
      j.essence ? c.say('notice.controller.jointEssence', { essence: c.w.text(j.essence) }) : '',
      j.contactPoint ? c.say('notice.controller.jointContact', { contact: c.w.text(j.contactPoint) }) : '',
    ].filter(Boolean);
    const joint = c.say('notice.controller.joint', {
      parties: c.w.list(parties),
      purposes: c.w.list(purposeNames(c, j.purposes)),
    });
    return more.length ? [paragraph(joint), list(more)] : [paragraph(joint)];
  });
}

export function controllerSection(c: Ctx): Section {
  const p = c.policy;
  const k = p.controller;
  const blocks = [
    paragraph(c.say('notice.controller.is', { name: k.name, address: k.address })),
    paragraph(c.say('notice.controller.contact', { email: k.privacyContact })),
  ];
  // BK-14: the entities that may send proposals, named as the policy names them.
  const senders = (p.communications?.senders ?? []).flatMap((id) =>
    p.controller.entities.filter((e) => e.id === id).map((e) => e.name),
  );
  if (senders.length > 0)
    blocks.push(paragraph(c.say('notice.controller.senders', { names: c.w.list(senders) })));
  for (const e of k.entities.filter((x) => x.controllerOf))
    blocks.push(
      paragraph(
        c.say('notice.controller.ownPurposes', {
          name: [e.name, e.address, e.privacyContact].filter(Boolean).join(', '),
          purposes: c.w.list(purposeNames(c, e.controllerOf ?? [])),
        }),
      ),
    );
  blocks.push(...jointBlocks(c));
  // EN-2: data held for a partner controller is governed by the partner's own notice.
  for (const x of p.partnerControllers ?? [])
    blocks.push(
      paragraph(
        x.policyUrl
          ? c.say('notice.controller.partnerNotice', { name: x.name, url: x.policyUrl })
          : c.say('notice.controller.partner', { name: x.name }),
      ),
    );
  return section('controller', c.say('notice.controller.heading'), blocks);
}

export function dpoSection(c: Ctx): Section {
  const d = c.policy.controller.dpo;
  const text = d
    ? c.say('notice.dpo.contact', {
        contact: [d.name, d.email, d.address, d.url].filter((x): x is string => Boolean(x)).join(', '),
      })
    : c.say('notice.dpo.none');
  return section('dpo', c.say('notice.dpo.heading'), [paragraph(text)]);
}
