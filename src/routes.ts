// Every HTTP route Garde serves. The app registers this list; the security test walks it.
import { createKeyRoute } from './keys/routes/create-key.ts';
import { listKeysRoute } from './keys/routes/list-keys.ts';
import { revokeKeyRoute } from './keys/routes/revoke-key.ts';
import type { AnyRoute } from './platform/http/route.ts';
import { createSubjectRoute } from './subjects/routes/create-subject.ts';
import { getSubjectRoute } from './subjects/routes/get-subject.ts';
import { listSubjectsRoute } from './subjects/routes/list-subjects.ts';
import { updateSubjectRoute } from './subjects/routes/update-subject.ts';
import { healthRoute } from './system/routes/health.ts';
import { readyRoute } from './system/routes/ready.ts';

export const ROUTES: readonly AnyRoute[] = [
  healthRoute,
  readyRoute,
  createSubjectRoute,
  listSubjectsRoute,
  getSubjectRoute,
  updateSubjectRoute,
  createKeyRoute,
  listKeysRoute,
  revokeKeyRoute,
];
