// The machine-readable notice's safeguards: transfers outside the EEA (GDPR Chapter V) with
// their third country, legal basis and tool, and the security measures the policy states (Art.
// 32, EN-16, EN-17), in the DPV EU GDPR extension's terms. Pure.
import type { Names, Node } from '../consent/receipt.ts';
import { DEROGATION_BASIS, SECURITY_MEASURE, TRANSFER_BASIS } from '../consent/receipt-vocabulary.ts';
import type { Policy, Recipient } from '../policy/schema.ts';
import type { TransferMechanismStated } from '../policy/schema-detail.ts';
import { EEA_COUNTRIES, unstatedCountryGround } from '../policy/transfers.ts';

const ids = (list: readonly string[]) => list.map((id) => ({ '@id': id }));
const some = (key: string, values: readonly unknown[]): Node => (values.length > 0 ? { [key]: values } : {});

/**
 * GDPR Chapter V: a disclosure to a recipient outside the EEA (or not shown to be in it) as a
 * transfer, with the third country, the legal basis and the tool it rests on.
 */
export function transfer(policy: Policy, names: Names, r: Recipient): Node[] {
  const abroad = r.country
    ? !EEA_COUNTRIES.has(r.country)
    : unstatedCountryGround(r, policy) !== 'eea-promised';
  if (!abroad) return [];
  const s = r.safeguard;
  const stated: (TransferMechanismStated | 'derogation')[] =
    typeof s === 'object'
      ? [s.mechanism === 'derogation' && s.derogation ? { derogation: s.derogation } : s.mechanism]
      : s === undefined
        ? [...(policy.transfers?.mechanisms ?? [])]
        : [];
  const basis = stated.flatMap((m) =>
    typeof m === 'string'
      ? TRANSFER_BASIS[m].basis
      : ['dpv:DataTransferLegalBasis', DEROGATION_BASIS[m.derogation]],
  );
  const tools = stated.flatMap((m) =>
    typeof m === 'string' && TRANSFER_BASIS[m].tool ? [TRANSFER_BASIS[m].tool] : [],
  );
  return [
    {
      '@id': names.transfer(r.id),
      '@type': 'dpv:Process',
      'dpv:hasProcessing': { '@id': 'dpv:Transfer' },
      'dpv:hasRecipient': { '@id': names.recipient(r.id) },
      ...(r.country ? { 'dpv:hasThirdCountry': { '@id': `loc:${r.country}` } } : {}),
      ...some('dpv:hasLegalBasis', ids(basis)),
      ...some('dpv:hasOrganisationalMeasure', ids(tools as string[])),
      // An older text safeguard, as the notice words it (not checked by Garde).
      ...(typeof s === 'string' ? { 'dct:description': s } : {}),
    },
  ];
}

/** Art. 32 as the policy states it (EN-16, EN-17): transport, network, sessions, fields encrypted at rest. */
export function measures(policy: Policy, names: Names): Node[] {
  const s = policy.security;
  const out: Node[] = [];
  if (s?.transportEncryption) out.push({ '@id': SECURITY_MEASURE.transport });
  if (s?.internalNetworkFirewalled) out.push({ '@id': SECURITY_MEASURE.firewall });
  if (s?.sessionIdleTimeout || s?.sessionAbsoluteTimeout)
    out.push({
      '@id': names.measure('sessions'),
      '@type': SECURITY_MEASURE.sessions,
      ...(s.sessionIdleTimeout
        ? { 'garde:idleTimeout': { '@value': s.sessionIdleTimeout, '@type': 'xsd:duration' } }
        : {}),
      ...(s.sessionAbsoluteTimeout
        ? { 'garde:absoluteTimeout': { '@value': s.sessionAbsoluteTimeout, '@type': 'xsd:duration' } }
        : {}),
    });
  const sealed = policy.categories.filter((c) => c.fields.some((f) => f.encrypted)).map((c) => c.id);
  if (sealed.length > 0)
    out.push({
      '@id': names.measure('encrypted-fields'),
      '@type': SECURITY_MEASURE.atRest,
      'dpv:hasPersonalData': sealed.map((id) => ({ '@id': names.category(id) })),
    });
  return out;
}
