// Least privilege for the privacy page (issue 14): the operations its cookie session may call.
// The page is the customer's own reads and changes; it has no use for tracking ingestion, for
// minting keys, or for anything another role does, so a cookie session is refused them even where
// the customer role with an API key is allowed.

/**
 * operationIds (OpenAPI) the privacy page's cookie session may call, besides the public ones.
 * A view that calls a new operation adds it here, with the test that shows the page using it.
 */
export const PAGE_OPERATIONS: ReadonlySet<string> = new Set([
  // The session itself.
  'getMe',
  'signOut',
  // Your choices, their history and receipt, objections and restriction.
  'listConsents',
  'recordConsent',
  'listConsentHistory',
  'getConsentReceipt',
  'changeObjection',
  'changeRestriction',
  // Subscriptions, themes, interests, messages and the monthly limit.
  'listSubscriptions',
  'changeSubscription',
  'listThemes',
  'linkTheme',
  'unlinkTheme',
  'listHoldings',
  'listInterests',
  'deleteInterest',
  'listCommunications',
  'listLimits',
  // Requests, the report and the portable copy.
  'createRightsRequest',
  'listSubjectRightsRequests',
  'getAccessReport',
  'getPortabilityExport',
  // The answer to a fulfilled access or portability request, recorded as delivered (EN-11).
  'downloadOwnRightsDelivery',
]);
