// The subject's data as reports: Art. 15 access (JSON, or HTML through render.ts) and Art. 20
// portability (a zip), both read through the catalogue.
import type { Deps } from '../platform/deps.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type AccessReport, accessReport } from './access.ts';
import { collectData } from './data.ts';
import { type ExportOptions, portabilityZip } from './portability.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now'>;

export async function accessReportFor(d: Ctx, subjectId: string, language?: string): Promise<AccessReport> {
  const subject = await getSubject(d, subjectId);
  const data = await collectData(d.db, d.policy, subjectId);
  return accessReport(d.policy, subjectId, data, d.now(), language ?? subject.identity.language ?? 'en');
}

export async function portabilityExport(
  d: Ctx,
  subjectId: string,
  opts: Pick<ExportOptions, 'bom'> = {},
): Promise<Uint8Array> {
  await getSubject(d, subjectId);
  const data = await collectData(d.db, d.policy, subjectId);
  const formats = d.policy.rights.portabilityFormats;
  return portabilityZip(subjectId, data, d.now(), { ...opts, ...(formats ? { formats } : {}) });
}
