// A policy states promises; Garde keeps some of them whatever the file says (an objection always
// stops marketing, only identified behaviour is recorded, unneeded identity data is never kept
// readable). A value that promises something else would be accepted and then ignored: a broken
// promise. These checks refuse such values, and marketing that could never happen, with what
// Garde does instead.
import type { LintFinding } from './lint-finding.ts';
import type { Policy } from './schema.ts';

export function promiseFindings(p: Policy): LintFinding[] {
  return [
    ...unmarketedProducts(p),
    ...formerCustomerObjection(p),
    ...anonymousTracking(p),
    ...unredactedProof(p),
    ...processorPurposes(p),
  ];
}

/** EN-6(c): decide() refuses marketing outside `communications.domains` (`domain.not-marketed`). */
function unmarketedProducts(p: Policy): LintFinding[] {
  const domains = p.communications?.domains;
  if (!domains) return [];
  return (p.products ?? []).flatMap((product, i) =>
    domains.includes(product.domain)
      ? []
      : [
          {
            path: ['products', i, 'domain'],
            message: `product "${product.id}" is in domain "${product.domain}", which communications.domains does not list: it could never be offered or marketed (add the domain, or remove the product)`,
            rule: 'marketing-domain',
          },
        ],
  );
}

/** Art. 21(3): decide() stops every direct-marketing purpose at an objection, former customers' too. */
function formerCustomerObjection(p: Policy): LintFinding[] {
  if (p.communications?.formerCustomers?.unlessObjected !== false) return [];
  return [
    {
      path: ['communications', 'formerCustomers', 'unlessObjected'],
      message:
        'former customers who object to direct marketing are never contacted for it: GDPR Art. 21(3) forbids it and Garde refuses it (objection.marketing); state true',
      rule: 'former-objection',
    },
  ];
}

/** BK-1: the tracking gate drops an event without an identified subject (`tracking.not-identified`). */
function anonymousTracking(p: Policy): LintFinding[] {
  if (p.tracking?.identifiedOnly !== false) return [];
  return [
    {
      path: ['tracking', 'identifiedOnly'],
      message:
        'Garde records the behaviour of identified people only and does not track anonymous visitors: state true',
      rule: 'identified-only',
    },
  ];
}

/** EN-12: verification keeps the outcome and the names of unneeded fields, never their values. */
function unredactedProof(p: Policy): LintFinding[] {
  return p.rights.channels.flatMap((c, i) =>
    c.redactUnneeded === false
      ? [
          {
            path: ['rights', 'channels', i, 'redactUnneeded'],
            message: `channel "${c.id}": Garde never keeps identity-document data that verification does not need (GDPR Art. 5(1)(c)), on any channel: state true or leave it out`,
            rule: 'redact-unneeded',
          },
        ]
      : [],
  );
}

/** BK-15: a processor acts on the controller's instructions only (Art. 28(3)(a), 29). */
function processorPurposes(p: Policy): LintFinding[] {
  return p.recipients.flatMap((r, i) =>
    r.kind === 'processor' && r.purposeBound === false
      ? [
          {
            path: ['recipients', i, 'purposeBound'],
            message: `processor "${r.id}" processes the data only on the controller's instructions (GDPR Art. 28(3)(a), 29): it cannot be free to use it for other purposes; state true or leave it out`,
            rule: 'processor-purpose-bound',
          },
        ]
      : [],
  );
}
