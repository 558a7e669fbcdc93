// A readable one-screen summary of a policy, for `garde policy show`.
import { DEFAULT_SESSION_ABSOLUTE_TIMEOUT, DEFAULT_SESSION_IDLE_TIMEOUT } from '../keys/sessions.ts';
import { effectiveDateWords } from './effective-date.ts';
import { isLegalObligation } from './retention-rules.ts';
import { REGULATION_DEADLINE, REGULATION_EXTENSION } from './rights-defaults.ts';
import type { Policy } from './schema.ts';
import {
  categoryLines,
  childrenLine,
  controllerLines,
  notStated,
  purposeDetailLines,
  transferNote,
} from './summary-articles.ts';
import { mechanismName } from './transfers.ts';

type Localized = string | Record<string, string>;

/** A text as the CLI shows it: in `language`, or the first the text has (answers: src/words/). */
export function text(value: Localized, language = 'en'): string {
  if (typeof value === 'string') return value;
  return value[language] ?? Object.values(value)[0] ?? '';
}

/**
 * EN-16, EN-17, Art. 30(1)(g): the security measures the policy states, as the register and the
 * notice publish them. Garde enforces the transport and session promises; the others describe the
 * controller's own systems, which Garde cannot see (docs/policy-format.md, `security`).
 */
function securityLines(p: Policy): string[] {
  const sealed = p.categories.flatMap((c) => c.fields.filter((f) => f.encrypted).map((f) => f.name));
  const s = p.security;
  if (!s && sealed.length === 0) return [];
  const out = ['', 'Security (as stated):'];
  if (s) {
    out.push(
      `  transport encrypted: ${s.transportEncryption ? 'yes' : 'no'}; sessions end after ${s.sessionIdleTimeout ?? `${DEFAULT_SESSION_IDLE_TIMEOUT} (Garde's default)`} idle, and ${s.sessionAbsoluteTimeout ?? `${DEFAULT_SESSION_ABSOLUTE_TIMEOUT} (Garde's default)`} after they start`,
    );
    if (s.internalNetworkFirewalled !== undefined)
      out.push(`  internal network behind a firewall: ${s.internalNetworkFirewalled ? 'yes' : 'no'}`);
  }
  if (sealed.length > 0) out.push(`  stored encrypted: ${sealed.join(', ')}`);
  return out;
}

export function summarisePolicy(p: Policy, language = 'en'): string {
  const out: string[] = [];
  out.push(
    `${text(p.policy.title, language)} (${p.policy.id} ${p.policy.version}, from ${effectiveDateWords(p.policy.effectiveFrom, language)})`,
  );
  out.push(`Controller: ${p.controller.name}, ${p.controller.address} <${p.controller.privacyContact}>`);
  const dpo = p.controller.dpo;
  if (dpo)
    out.push(
      `Data protection officer: ${[dpo.name, `<${dpo.email}>`, dpo.address, dpo.url].filter(Boolean).join(', ')}`,
    );
  out.push(
    `Entities: ${p.controller.entities.map((e) => `${e.id}${e.group ? '' : ' (not group)'}`).join(', ')}`,
  );
  if (p.partnerControllers?.length)
    out.push(`Processor for: ${p.partnerControllers.map((c) => c.name).join(', ')}`);
  out.push(...controllerLines(p, language));
  out.push('', 'Purposes:');
  for (const x of p.purposes) {
    out.push(`  ${x.id.padEnd(28)} ${x.legalBasis.padEnd(20)} ${x.categories.join(', ')}`);
    out.push(...purposeDetailLines(x, language));
  }
  const categories = categoryLines(p, language);
  if (categories.length) out.push('', 'Categories:', ...categories);
  out.push('', 'Retention:');
  for (const r of p.retention) {
    out.push(
      `  ${r.category.padEnd(24)} ${r.duration ? `${r.duration.padEnd(6)} from ${r.clock}` : `no period stated: ${r.period ? text(r.period, language) : '(none)'}${r.review ? `, reviewed every ${r.review}` : ''}`}${isLegalObligation(p, r) ? ' (legal obligation)' : ''}${r.lifecycles ? ` for ${r.lifecycles.join('/')}` : ''}${r.purposes ? `, for purposes ${r.purposes.join(', ')}` : ''}`,
    );
  }
  out.push('', 'Recipients:');
  for (const r of p.recipients)
    out.push(
      `  ${r.id.padEnd(28)} ${r.kind.padEnd(16)} ${r.country ?? '--'}  ${r.purposes.join(', ')}${transferNote(r, p)}`,
    );
  if (p.transfers?.establishedInEea?.length)
    out.push(`  established in the EEA, as promised: every ${p.transfers.establishedInEea.join(', ')}`);
  if (p.transfers?.mechanisms)
    out.push(`  transfers outside the EEA rest on: ${p.transfers.mechanisms.map(mechanismName).join(', ')}`);
  if (p.tracking) {
    const t = p.tracking;
    out.push(
      '',
      `Tracking: ${t.identifiedOnly ? 'identified visitors only' : 'all visitors'}, consent "${t.consentPurpose}", kept ${t.retention}`,
    );
    out.push(`  events: ${t.eventKinds.map((k) => k.id).join(', ')}`);
  }
  if (p.communications) {
    const c = p.communications;
    out.push(
      '',
      `Communications: ${c.cap ? `at most ${c.cap.max} per ${c.cap.window === 'rolling' ? `rolling ${c.cap.rollingWindow}` : c.cap.window} (${c.cap.mode}, ${c.cap.timeZone})` : 'no cap'}; senders ${c.senders.join(', ')}`,
    );
    if (c.cap)
      out.push(
        `  counted: ${
          c.messageClasses
            .filter((m) => m.countsTowardCap !== false)
            .map((m) => m.id)
            .join(', ') || 'none'
        }; not counted: ${c.messageClasses
          .filter((m) => m.countsTowardCap === false)
          .map((m) => m.id)
          .join(', ')}`,
      );
    for (const ch of c.channels)
      out.push(`  ${ch.id.padEnd(24)} requires ${ch.requires.join(', ') || 'nothing'}`);
    if (c.formerCustomers)
      out.push(
        `  former customers: every ${c.formerCustomers.every} until ${c.formerCustomers.until} after contract end${c.formerCustomers.unlessObjected ? ', unless they object' : ''}`,
      );
  }
  out.push(
    '',
    `Rights: ${p.rights.supported.join(', ')}; answer within ${p.rights.deadline ?? `${REGULATION_DEADLINE} (the Regulation's default, Art. 12(3))`} (+${p.rights.extension ?? `${REGULATION_EXTENSION}, the Regulation's default`})`,
  );
  for (const ch of p.rights.channels)
    out.push(
      `  ${ch.id.padEnd(24)} ${ch.identityProof === undefined ? "identity checked where there is reasonable doubt (the Regulation's default, Art. 12(6))" : ch.identityProof ? 'proof of identity' : 'no proof (the login verifies)'}`,
    );
  out.push(...securityLines(p));
  out.push(...childrenLine(p, language), ...notStated(p));
  return out.join('\n');
}
