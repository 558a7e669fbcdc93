// EN-8, BK-15: a channel's batch may name the processor it is for (`batch.recipient`). policy
// check refuses a name that is not one of the policy's processors, and warns when that processor
// does not take a purpose the channel carries or a field the batch holds: the download of such a
// batch is refused by the decision point (disclosure), so the mismatch shows before a marketer
// meets it.
import { batchFieldsOf, grantedFieldNames } from '../subjects/identity-fields.ts';
import { channelPurposes } from './channels.ts';
import type { LintFinding } from './lint-finding.ts';
import type { Policy } from './schema.ts';

/** Refusals: a batch recipient the policy does not declare, or one that is not a processor. */
export function batchRecipientFindings(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  (p.communications?.channels ?? []).forEach((ch, i) => {
    const id = ch.batch?.recipient;
    if (id === undefined) return;
    const recipient = p.recipients.find((r) => r.id === id);
    const path = ['communications', 'channels', i, 'batch', 'recipient'];
    if (!recipient) out.push({ path, message: `unknown recipient "${id}"`, rule: 'reference' });
    else if (recipient.kind !== 'processor')
      out.push({
        path,
        message: `channel "${ch.id}" gives its batch to "${id}", a recipient of kind ${recipient.kind}: a batch is handed to a processor (kind: processor) that delivers for the controller`,
        rule: 'batch-recipient',
      });
  });
  return out;
}

/**
 * Warnings: the batch's processor does not take a purpose the channel carries (channelPurposes),
 * or is not granted a field the batch holds (under its name or one that keeps it).
 */
export function batchRecipientWarnings(p: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  (p.communications?.channels ?? []).forEach((ch, i) => {
    const recipient = p.recipients.find((r) => r.id === ch.batch?.recipient && r.kind === 'processor');
    if (!recipient) return;
    const path = ['communications', 'channels', i, 'batch', 'recipient'];
    const purposes = channelPurposes(p, ch).filter((x) => !recipient.purposes.includes(x));
    if (purposes.length > 0)
      out.push({
        path,
        message: `processor "${recipient.id}" does not take ${purposes.join(', ')}, which channel "${ch.id}" carries: the batch of a campaign for ${purposes.length > 1 ? 'them' : 'it'} cannot be handed to it (add ${purposes.length > 1 ? 'them' : 'it'} to its purposes if it delivers ${purposes.length > 1 ? 'them' : 'it'})`,
        rule: 'batch-recipient-purpose',
      });
    const granted = recipient.fields ?? [];
    const kept = batchFieldsOf(p, ch).kept;
    const names = grantedFieldNames(granted, kept);
    const missing = kept.filter((_, k) => !granted.includes(names[k] as string));
    if (missing.length > 0)
      out.push({
        path,
        message: `processor "${recipient.id}" may not see ${missing.join(', ')}, which the batch of channel "${ch.id}" holds: add ${missing.length > 1 ? 'them' : 'it'} to its fields (need to know), or take ${missing.length > 1 ? 'them' : 'it'} out of the batch`,
        rule: 'batch-recipient-field',
      });
  });
  return out;
}
