// The subject's data as reports: Art. 15 access (JSON, or HTML through render.ts) and Art. 20
// portability (a zip), both read through the catalogue.

import { collectDatasetData } from '../datasets/gather.ts';
import type { Deps } from '../platform/deps.ts';
import { getSubject } from '../subjects/subjects.ts';
import { type Asked, languageForPerson, NOTHING_ASKED } from '../words/words.ts';
import { type AccessReport, accessReport } from './access.ts';
import { collectData } from './data.ts';
import { type ExportOptions, portabilityZip } from './portability.ts';

type Ctx = Pick<Deps, 'db' | 'policy' | 'now'>;

/** The Art. 15 report, in the person's language unless another is asked for (src/words/words.ts). */
export async function accessReportFor(
  d: Ctx,
  subjectId: string,
  asked: Asked = NOTHING_ASKED,
): Promise<AccessReport> {
  const subject = await getSubject(d, subjectId);
  const data = [
    ...(await collectData(d.db, d.policy, subjectId)),
    ...(await collectDatasetData(d.db, d.policy, subjectId)),
  ];
  const language = languageForPerson(d.policy, asked, subject.identity.language);
  return accessReport(d.policy, subjectId, data, d.now(), language);
}

export async function portabilityExport(
  d: Ctx,
  subjectId: string,
  opts: Pick<ExportOptions, 'bom'> = {},
): Promise<Uint8Array> {
  await getSubject(d, subjectId);
  const data = [
    ...(await collectData(d.db, d.policy, subjectId)),
    ...(await collectDatasetData(d.db, d.policy, subjectId)),
  ];
  const { portabilityFormats: formats, portability } = d.policy.rights;
  return portabilityZip(subjectId, data, d.now(), {
    ...opts,
    ...(formats ? { formats } : {}),
    ...(portability ? { categories: portability.categories } : {}),
  });
}
