// Handing the answer to an access or portability request to the person (EN-11, Art. 15(3),
// Art. 20(1)): a download on their privacy page, or a file staff send by post or hand over at a
// desk. The report is made again at each download from the data then held (Art. 15 asks for the
// data being processed, and no second copy of everything about the person is kept, secured or
// erased); each delivery is recorded by the digest and size of the bytes handed over, so what the
// person got is provable without keeping it. The download closes after the policy's delivery
// window (rights-defaults.ts deliveryWindow); the person then asks again.

import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/store.ts';
import { digestOf } from '../platform/crypto.ts';
import type { Deps } from '../platform/deps.ts';
import { GardeError } from '../platform/errors.ts';
import { addDuration } from '../policy/duration.ts';
import { deliveryWindow } from '../policy/rights-defaults.ts';
import { type Asked, NOTHING_ASKED, wordsIn } from '../words/words.ts';
import { isDeliveredKind } from './model.ts';
import { renderAccessReport } from './render.ts';
import { accessReportFor, portabilityExport } from './reports.ts';
import { loadRequest } from './requests.ts';
import { insertDelivery, type RightsRequest } from './store.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now' | 'sealer'>;

export const DELIVERY_FORMATS = ['html', 'json', 'zip'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/** What the completed request's outcome says of its delivery: until when it may be downloaded. */
export type DeliveryTerms = { until: string; formats: DeliveryFormat[] };

/** The terms a fulfilled access or portability request is delivered on; null for other rights. */
export function deliveryTerms(d: Pick<Deps, 'policy'>, kind: string, closedAt: Date): DeliveryTerms | null {
  if (!isDeliveredKind(kind)) return null;
  return {
    until: addDuration(closedAt, deliveryWindow(d.policy.rights)).toISOString(),
    formats: kind === 'access' ? ['html', 'json'] : ['zip'],
  };
}

export type DeliveredFile = {
  body: string | Buffer;
  contentType: string;
  filename: string;
  /** The language of a report (Content-Language); null for the export, which is data only. */
  language: string | null;
};

/**
 * The file of a fulfilled request, made now, recorded and audited. `via` says who fetched it:
 * the person on their privacy page, or staff to send it. Errors: REQUEST_NOT_FOUND (also for
 * another person's request), REQUEST_STATE (not a completed access or portability request),
 * DELIVERY_FORMAT (a format the right has not), DELIVERY_EXPIRED (past the window, or the person
 * was erased since).
 */
export async function deliverAnswer(
  d: Ctx,
  requestId: string,
  input: {
    format?: DeliveryFormat;
    via: 'privacy-page' | 'staff';
    actor: string;
    /** The privacy page: the signed-in person, who may fetch only their own requests. */
    subjectId?: string;
    asked?: Asked;
  },
): Promise<DeliveredFile> {
  const r = await loadRequest(d, requestId);
  if (input.subjectId !== undefined && r.subjectId !== input.subjectId)
    throw new GardeError('REQUEST_NOT_FOUND');
  const terms = termsOf(r);
  const kind = r.kind;
  // Only access and portability answers are delivered (their terms are set when they complete).
  if (r.status !== 'completed' || !terms || !isDeliveredKind(kind))
    throw new GardeError(
      'REQUEST_STATE',
      `the request is ${r.status} ${r.kind}: only a completed access or portability request is delivered`,
    );
  const format = input.format ?? terms.formats[0] ?? 'zip';
  if (!terms.formats.includes(format))
    throw new GardeError('DELIVERY_FORMAT', `a ${r.kind} answer comes as ${terms.formats.join(' or ')}`, {
      allowed: terms.formats,
    });
  const now = d.now();
  if (now.getTime() > new Date(terms.until).getTime() || !r.subjectId)
    throw new GardeError(
      'DELIVERY_EXPIRED',
      r.subjectId
        ? `the answer could be downloaded until ${terms.until}: the person asks again`
        : 'the person was erased since: there is nothing left to deliver',
    );
  const file = await make(d, r.subjectId, format, input.asked ?? NOTHING_ASKED);
  const bytes = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await d.db.transaction(async (tx) => {
    await insertDelivery(tx, r.id, {
      format,
      sha256,
      bytes: bytes.byteLength,
      via: input.via,
      actor: input.actor,
      at: now,
    });
    await appendAudit(
      tx,
      {
        actor: input.actor,
        action: `rights.deliver.${kind}`,
        subjectId: r.subjectId,
        changeDigest: digestOf({ id: r.id, format, sha256, via: input.via }),
      },
      now,
    );
  });
  return file;
}

/** The delivery terms recorded at fulfilment (fulfil.ts), if any. */
export function termsOf(r: Pick<RightsRequest, 'outcome'>): DeliveryTerms | null {
  const t = (r.outcome as { delivery?: DeliveryTerms } | null)?.delivery;
  return t && typeof t.until === 'string' && Array.isArray(t.formats) ? t : null;
}

async function make(d: Ctx, subjectId: string, format: DeliveryFormat, asked: Asked): Promise<DeliveredFile> {
  if (format === 'zip') {
    const zip = await portabilityExport(d, subjectId);
    return {
      body: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength),
      contentType: 'application/zip',
      filename: 'personal-data.zip',
      language: null,
    };
  }
  const report = await accessReportFor(d, subjectId, asked);
  if (format === 'html')
    return {
      body: renderAccessReport(report, wordsIn(d.policy, report.language)),
      contentType: 'text/html; charset=utf-8',
      filename: 'access-report.html',
      language: report.language,
    };
  return {
    body: JSON.stringify(report),
    contentType: 'application/json; charset=utf-8',
    filename: 'access-report.json',
    language: report.language,
  };
}
