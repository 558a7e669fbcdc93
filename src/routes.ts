// Every HTTP route Garde serves. The app registers this list; the security test walks it.
import { AUDIT_ROUTES } from './audit/routes/audit.ts';
import {
  campaignBatchRoute,
  createCampaignRoute,
  getCampaignRoute,
  listBatchesRoute,
  listCampaignsRoute,
  listSuppressionsRoute,
  previewCampaignRoute,
  sendCampaignRoute,
} from './comms/routes/campaigns.ts';
import { checkContactRoute } from './comms/routes/check-contact.ts';
import { contactOptionsRoute, logContactRoute } from './comms/routes/contacts.ts';
import { listCommunicationsRoute } from './comms/routes/list-communications.ts';
import { communicationsReportRoute } from './comms/routes/report.ts';
import { sendMessageRoute } from './comms/routes/send-message.ts';
import { changeObjectionRoute } from './consent/routes/change-objection.ts';
import { changeRestrictionRoute } from './consent/routes/change-restriction.ts';
import { consentHistoryRoute } from './consent/routes/consent-history.ts';
import { consentReceiptRoute } from './consent/routes/consent-receipt.ts';
import { gpcDocumentRoute } from './consent/routes/gpc-document.ts';
import { listConsentsRoute } from './consent/routes/list-consents.ts';
import { listLimitsRoute } from './consent/routes/list-limits.ts';
import { listOutdatedConsentsRoute } from './consent/routes/list-outdated-consents.ts';
import { recordConsentRoute } from './consent/routes/record-consent.ts';
import { CONSOLE_OIDC_ROUTES } from './console/routes/console-oidc.ts';
import { CONSOLE_SESSION_ROUTES } from './console/routes/console-session.ts';
import { listDatasetsRoute } from './datasets/routes/datasets.ts';
import { askDecisionsRoute } from './decisions/routes/ask-decisions.ts';
import { INTEREST_ROUTES } from './interests/routes/interests.ts';
import { createKeyRoute } from './keys/routes/create-key.ts';
import { listKeysRoute } from './keys/routes/list-keys.ts';
import { revokeKeyRoute } from './keys/routes/revoke-key.ts';
import { getNoticeRoute } from './notice/routes/get-notice.ts';
import type { AnyRoute } from './platform/http/route.ts';
import { controllerNoticeRoute } from './policy/routes/controller.ts';
import { POLICY_IN_FORCE_ROUTES } from './policy/routes/policy-in-force.ts';
import { publishedProductsRoute } from './policy/routes/products.ts';
import { publishedPurposesRoute } from './policy/routes/purposes.ts';
import { publishedSubscriptionsRoute } from './policy/routes/subscriptions.ts';
import { createPrivacyLinkRoute } from './privacy/routes/create-privacy-link.ts';
import { getMeRoute, openPrivacySessionRoute, signOutRoute } from './privacy/routes/privacy-session.ts';
import { dpvNoticeRoute } from './register/routes/dpv-notice.ts';
import { getRegisterRoute } from './register/routes/get-register.ts';
import { RETENTION_ROUTES } from './retention/routes/retention-events.ts';
import { RETENTION_RUN_ROUTES } from './retention/routes/retention-runs.ts';
import { listAllLegalHoldsRoute } from './rights/routes/legal-holds.ts';
import { RIGHTS_ROUTES } from './rights/routes/rights.ts';
import { RIGHTS_STEP_ROUTES } from './rights/routes/steps.ts';
import { createSubjectRoute } from './subjects/routes/create-subject.ts';
import { getSubjectRoute } from './subjects/routes/get-subject.ts';
import { listHoldingsRoute } from './subjects/routes/list-holdings.ts';
import { listSubjectsRoute } from './subjects/routes/list-subjects.ts';
import { postSubjectFactsRoute } from './subjects/routes/post-subject-facts.ts';
import { putFactsRoute } from './subjects/routes/put-facts.ts';
import { searchSubjectsRoute } from './subjects/routes/search-subjects.ts';
import { updateSubjectRoute } from './subjects/routes/update-subject.ts';
import { changeSubscriptionRoute } from './subscriptions/routes/change-subscription.ts';
import { listSubscriptionsRoute } from './subscriptions/routes/list-subscriptions.ts';
import { healthRoute } from './system/routes/health.ts';
import { getProblemTypeRoute, listProblemTypesRoute } from './system/routes/problem-types.ts';
import { readyRoute } from './system/routes/ready.ts';
import { publishedThemesRoute } from './themes/routes/published-themes.ts';
import { linkThemeRoute, listThemesRoute, unlinkThemeRoute } from './themes/routes/themes.ts';
import { createSessionRoute } from './tracking/routes/create-session.ts';
import { ingestEventsRoute } from './tracking/routes/ingest-events.ts';
import { listEventsRoute } from './tracking/routes/list-events.ts';
import { recordSignalRoute } from './tracking/routes/record-signal.ts';
import { demoPageRoute, demoScriptRoute, trackerScriptRoute } from './tracking/routes/sdk-files.ts';

export const ROUTES: readonly AnyRoute[] = [
  healthRoute,
  readyRoute,
  listProblemTypesRoute,
  getProblemTypeRoute,
  controllerNoticeRoute,
  getNoticeRoute,
  publishedPurposesRoute,
  publishedSubscriptionsRoute,
  publishedThemesRoute,
  publishedProductsRoute,
  dpvNoticeRoute,
  createSubjectRoute,
  listSubjectsRoute,
  searchSubjectsRoute,
  getSubjectRoute,
  updateSubjectRoute,
  listHoldingsRoute,
  putFactsRoute,
  postSubjectFactsRoute,
  recordConsentRoute,
  listConsentsRoute,
  consentHistoryRoute,
  listOutdatedConsentsRoute,
  consentReceiptRoute,
  changeObjectionRoute,
  changeRestrictionRoute,
  listLimitsRoute,
  gpcDocumentRoute,
  changeSubscriptionRoute,
  listSubscriptionsRoute,
  listThemesRoute,
  linkThemeRoute,
  unlinkThemeRoute,
  askDecisionsRoute,
  sendMessageRoute,
  listCommunicationsRoute,
  checkContactRoute,
  contactOptionsRoute,
  logContactRoute,
  listCampaignsRoute,
  createCampaignRoute,
  getCampaignRoute,
  previewCampaignRoute,
  listSuppressionsRoute,
  sendCampaignRoute,
  campaignBatchRoute,
  listBatchesRoute,
  communicationsReportRoute,
  ingestEventsRoute,
  listEventsRoute,
  createSessionRoute,
  recordSignalRoute,
  trackerScriptRoute,
  demoScriptRoute,
  demoPageRoute,
  createKeyRoute,
  listKeysRoute,
  revokeKeyRoute,
  createPrivacyLinkRoute,
  openPrivacySessionRoute,
  getMeRoute,
  signOutRoute,
  ...CONSOLE_SESSION_ROUTES,
  ...CONSOLE_OIDC_ROUTES,
  ...RIGHTS_ROUTES,
  ...RIGHTS_STEP_ROUTES,
  listDatasetsRoute,
  ...RETENTION_ROUTES,
  ...INTEREST_ROUTES,
  // The DPO's oversight (issue 15).
  ...AUDIT_ROUTES,
  ...RETENTION_RUN_ROUTES,
  listAllLegalHoldsRoute,
  ...POLICY_IN_FORCE_ROUTES,
  getRegisterRoute,
];
