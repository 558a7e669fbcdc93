// Every error code the API can answer with, declared once: stable code, HTTP status, title, and
// for whoever meets it, its cause and its fix. Routes throw GardeError; the HTTP layer renders
// RFC 9457 problem+json. The same entries are served at /problems/<slug> and published as
// docs/problems.md (regenerate: npm run docs:problems), so the documentation cannot drift.
// Refusals of decide() are not errors: they live in src/decide/reasons.ts.

type Entry = {
  status: number;
  title: string;
  /** What happened, in plain words, true to where the code is thrown. */
  cause: string;
  /** What the client (or the operator) does about it. */
  fix: string;
};

export const ERRORS = {
  REQUEST_INVALID: {
    status: 400,
    title: 'The request does not match the schema',
    cause:
      "A value in the body, query string, path or headers does not match the route's schema or a rule checked before the route acts: a missing or unknown field, a wrong type, format or size, text PostgreSQL cannot store (NUL, a lone surrogate), a number that is not finite, a time in the future where only the past makes sense, fields that do not go together, a malformed Idempotency-Key or If-Match, or HTTP the server cannot parse. `errors` names each refused value: where it was and its JSON pointer.",
    fix: "Correct each value that `errors` (or `detail`) names, against the route's schema in /openapi.json, then send the request again.",
  },
  BODY_INVALID_JSON: {
    status: 400,
    title: 'The request body is not valid JSON',
    cause:
      'The body, sent as application/json, is empty or not valid JSON; or a line of an application/x-ndjson body is not (`detail` names the line).',
    fix: 'Send one well-formed JSON document, or one JSON value per line for application/x-ndjson.',
  },
  CURSOR_INVALID: {
    status: 400,
    title: 'The cursor is not one this list gave',
    cause:
      "`after` is not a `next` cursor this server gave for this list: it was changed, made by hand, taken from another list or another person's, or sealed under another encryption key.",
    fix: 'Pass the `next` of the previous page unchanged, to the same list; to start from the first page, leave `after` out.',
  },
  BODY_INVALID_ENCODING: {
    status: 400,
    title: 'The request body is not valid UTF-8',
    cause:
      'The bytes of a JSON or JSON-lines body are not valid UTF-8, which JSON requires (RFC 8259 §8.1). Garde refuses them rather than store replacement characters.',
    fix: 'Encode the body as UTF-8.',
  },
  URL_INVALID: {
    status: 400,
    title: 'The URL is not validly percent-encoded',
    cause:
      'A percent-escape in the path or the query string is incomplete or does not decode to UTF-8 (`%ff`, `%E0%A4%A`).',
    fix: "Percent-encode the URL's text as UTF-8 (encodeURIComponent in JavaScript).",
  },
  HOST_INVALID: {
    status: 400,
    title: 'An HTTP/1.1 request names its host in exactly one Host header',
    cause: 'An HTTP/1.1 request came without a Host header, or with several (RFC 9112 §3.2).',
    fix: 'Send exactly one Host header. HTTP clients do so by themselves: look at a proxy in between or at a hand-written request.',
  },
  REQUEST_INCOMPLETE: {
    status: 400,
    title: 'The client closed the connection before the request was complete',
    cause:
      'The client hung up before the whole request (usually an upload) had arrived. Nothing was changed, and nobody is likely to read this answer.',
    fix: "Retry the request if it was not meant to be cancelled, and check the client's own timeouts.",
  },
  SOURCE_UNKNOWN: {
    status: 400,
    title: 'The policy declares no such consent interface',
    cause:
      "`source` names an interface the policy in force does not declare: neither one of its `consentInterfaces` nor Garde's own `api` or `gpc`. `allowed` lists those it accepts.",
    fix: 'Name one of `allowed`, or leave `source` out to record the default of your role. A new interface (an app, a kiosk) is declared in the policy first.',
  },
  AUTH_MISSING: {
    status: 401,
    title: 'An API key is required',
    cause:
      'The route needs an API key and the request carried none: no `Authorization: Bearer`, no `X-Api-Key` and, for a session key, no `access_token` in the query.',
    fix: 'Send the key as `Authorization: Bearer <key>`. An admin makes keys with `garde keys create --role ROLE` or POST /v1/keys.',
  },
  AUTH_INVALID: {
    status: 401,
    title: 'The API key is unknown or revoked',
    cause:
      'The key is unknown or revoked; or Authorization holds another scheme than Bearer; or two different keys were sent (in Authorization and X-Api-Key); or a long-lived key was sent in the URL, where only scoped session keys may go.',
    fix: 'Send one valid key, as `Authorization: Bearer <key>`. Ask an admin for a new key if yours was revoked.',
  },
  ROLE_FORBIDDEN: {
    status: 403,
    title: 'This role may not use this route',
    cause:
      "The key's role is not one the route lists, or the key is limited to scopes that do not include the route's. For a processor's key: it names no processor of the policy (`recipient:<id>`), the policy does not disclose these data to that processor for this purpose (`reasons` says why), or no scores are kept for that purpose.",
    fix: "Use a key of a role the route lists (each route's description in /openapi.json names its roles), with the scope the route needs.",
  },
  PRIVACY_LINK_INVALID: {
    status: 410,
    title: 'This privacy link cannot be used',
    cause:
      'The link to the privacy page was already followed once, is older than its two minutes, or was never made by this server (a mistyped or truncated token). The three look alike on purpose. No session was opened.',
    fix: 'Open the privacy page again from the site you came from: it asks for a fresh link (POST /v1/subjects/{id}/privacy-links) each time.',
  },
  SESSION_EXPIRED: {
    status: 401,
    title: 'The privacy page session has ended',
    cause:
      "The privacy page's session cookie belongs to a session that was signed out, sat idle longer than the policy's `security.sessionIdleTimeout`, or passed its `security.sessionAbsoluteTimeout` (EN-17); or the cookie was never this server's. The answer clears the cookie.",
    fix: 'Open the privacy page again from the site you came from, which starts a new session.',
  },
  CONSOLE_SESSION_EXPIRED: {
    status: 401,
    title: 'The console session has ended',
    cause:
      "The console's session cookie belongs to a session that was signed out, sat idle longer than the policy's `security.sessionIdleTimeout`, passed its `security.sessionAbsoluteTimeout` (EN-17), or was opened with a key since revoked; or the cookie was never this server's. The answer clears the cookie.",
    fix: 'Sign in again at /console/.',
  },
  CONSOLE_ROLE_FORBIDDEN: {
    status: 403,
    title: 'This role does not sign in to the console',
    cause:
      "The key is valid, but its role is not one of the console's staff roles (agent, marketer, dpo): a customer's, a host's, a processor's or an admin's key opens no console session. Or the OpenID provider's role claim (GARDE_OIDC_ROLE_CLAIM) holds no value GARDE_OIDC_ROLES maps, or values mapped to different roles. No session was opened.",
    fix: "Sign in with the key of a member of staff (`garde keys create --role dpo|marketer|agent`), or ask the identity provider's administrator for one role the console maps (GARDE_OIDC_ROLES).",
  },
  OIDC_SIGN_IN_INVALID: {
    status: 400,
    title: 'The OpenID Connect sign-in could not be completed',
    cause:
      "The provider's answer at /v1/console/oidc/callback did not complete a sign-in this browser started: the `state` is unknown, used, older than ten minutes or belongs to another browser; the provider answered an error (the person cancelled); or the code exchange or the ID token's validation failed (issuer, audience, signature, nonce, PKCE). No session was opened. The console shows it at /console/?refused=OIDC_SIGN_IN_INVALID.",
    fix: 'Start again from the console\'s "Sign in with" button, in the same browser, within ten minutes.',
  },
  OIDC_PROVIDER_UNAVAILABLE: {
    status: 503,
    title: 'The OpenID provider does not answer',
    cause:
      "Garde could not read the provider's discovery document or reach its token endpoint (GARDE_OIDC_ISSUER). The console shows it at /console/?refused=OIDC_PROVIDER_UNAVAILABLE.",
    fix: 'Sign in with a key meanwhile; operators check GARDE_OIDC_ISSUER and that Garde reaches the provider.',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    title: 'A change made with a browser session needs its CSRF token, from its own page',
    cause:
      "A request that changes something (not GET or HEAD) came with the privacy page's or the console's session cookie but without the session's CSRF token in `X-CSRF-Token`, with another one, or from another origin (`Origin` or `Sec-Fetch-Site` say the request did not come from Garde's own page); or a console sign-in came from another origin; or any request, reads included, came with a session cookie from another site (`Sec-Fetch-Site: cross-site` or `same-site`: another site's link or image, a sibling subdomain's too). Nothing was changed.",
    fix: 'Send the `csrfToken` that GET /v1/me (the privacy page) or GET /v1/console/me (the console) gives in the `X-CSRF-Token` header, from the page itself. Requests made with an API key need no CSRF token.',
  },
  PAGE_OPERATION_FORBIDDEN: {
    status: 403,
    title: "The privacy page's session may not use this route",
    cause:
      "The request came with the privacy page's session cookie, and the route is not one of the operations the page uses (`src/privacy/page-operations.ts`): the session is narrower than a customer's API key, so minting a tracking session, reading or changing another role's data and every other operation the page has no use for are refused, whatever the route's roles. Nothing was read or changed.",
    fix: 'Call the route with an API key of a role it lists. A new view of the privacy page that needs the operation adds its operationId to `src/privacy/page-operations.ts`, with a test of the page using it.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'No such route',
    cause: 'No route serves this path, whatever the method.',
    fix: 'Check the path against /openapi.json, /v1 prefix included.',
  },
  FEATURE_NOT_DECLARED: {
    status: 404,
    title: 'The policy in force does not declare this feature',
    cause:
      'The route serves a part of the policy this controller did not write: themes, subscriptions, tracking (events, sessions, signals, interests), communications (messages, campaigns, contact checks, the monthly report) or products (offers). Every Garde serves the same API; a route whose block is absent answers this, never an empty success. `detail` names the missing block.',
    fix: 'Leave the route alone under this policy, or declare the block in the policy (docs/policy-format.md) and restart Garde.',
  },
  SUBJECT_NOT_FOUND: {
    status: 404,
    title: 'No such subject',
    cause:
      'No subject has this id (it may have been erased). To a customer key every subject but its own looks so, and so does a session route called with a key bound to no subject: the answer tells nothing of other people.',
    fix: "Check the id (the subject's UUID, as POST /v1/subjects or GET /v1/subjects gave it). A customer key reaches only its own subject.",
  },
  KEY_NOT_FOUND: {
    status: 404,
    title: 'No such API key',
    cause: 'No live API key has this id: it does not exist or was already revoked.',
    fix: 'Take the id from GET /v1/keys.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    cause:
      'The path exists but does not serve this method; the Allow header lists the methods it serves. A CONNECT is answered so too: Garde is not a proxy.',
    fix: 'Use a method that Allow lists.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'The request took too long to arrive',
    cause:
      "The whole request did not arrive within the server's time limit, typically a body sent too slowly.",
    fix: 'Send the request again, in smaller parts if it is large (a batch split in several).',
  },
  SUBJECT_CONFLICT: {
    status: 412,
    title: 'The subject was changed since the version If-Match names',
    cause: "The version sent in If-Match is not the subject's current version: it changed since it was read.",
    fix: 'GET the subject again, apply the change to what it now holds, and send the PATCH with the new ETag as If-Match.',
  },
  SUBJECT_EXISTS: {
    status: 409,
    title: 'Another subject has this external reference or e-mail address',
    cause:
      'Another subject already has this external reference, or this e-mail address (compared regardless of case): one person is one subject.',
    fix: 'Update the existing subject instead of creating another (GET /v1/subjects finds it by e-mail), or correct the reference or address.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was used for a different request',
    cause:
      'This API key already sent this Idempotency-Key with another request: another method, route, path parameters or body.',
    fix: 'Use a new Idempotency-Key for each distinct request; reuse one only to retry the very same request.',
  },
  IDEMPOTENCY_KEY_IN_FLIGHT: {
    status: 409,
    title: 'The first request with this Idempotency-Key is still running: retry after a moment',
    cause: 'The first request with this Idempotency-Key has not finished yet.',
    fix: "Wait the seconds that Retry-After gives, then retry with the same key and body: the first request's answer is replayed once it is stored.",
  },
  BODY_TOO_LARGE: {
    status: 413,
    title: 'The request body is too large',
    cause: "The body is over the route's limit: 1 MiB, or 5 MiB for the event batch route.",
    fix: 'Send less in one request: split a batch into several.',
  },
  PATH_SEGMENT_TOO_LONG: {
    status: 414,
    title: 'A segment of the path is too long',
    cause:
      "A segment of the path is over 100 characters, the router's limit: no id or name Garde uses is that long.",
    fix: 'Check the ids and names in the path.',
  },
  URL_TOO_LONG: {
    status: 414,
    title: 'The URL is too long',
    cause: 'The URL, path and query string together, is over 16 KB.',
    fix: 'Ask for less in one request, or send it in the body where the route takes one.',
  },
  MEDIA_TYPE_UNSUPPORTED: {
    status: 415,
    title: 'Unsupported media type',
    cause:
      'The body is of a media type Garde does not read: it reads application/json, and application/x-ndjson (one JSON value per line).',
    fix: 'Send the body as JSON with `Content-Type: application/json`.',
  },
  EXPECTATION_FAILED: {
    status: 417,
    title: 'The only expectation this server meets is 100-continue',
    cause: 'The request has an Expect header other than `100-continue` (RFC 9110 §10.1.1).',
    fix: 'Leave Expect out, or send `Expect: 100-continue`.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'The request headers are too large',
    cause: 'The header names and values together are over 16 KB.',
    fix: 'Send fewer or shorter headers; large cookies, or headers a proxy adds, are the usual cause.',
  },
  SUBJECT_INVALID: {
    status: 422,
    title: 'The subject change breaks a rule',
    cause:
      'The subject, as created or changed, breaks a lifecycle rule (`detail` names it): a lifecycle change that is not allowed (prospect, customer, former, and back to customer), a former customer without contractEndedOn, a prospect with customerSince, a contract that ends before it began, a date in the future, or a controller the policy does not name.',
    fix: 'Correct what `detail` names.',
  },
  FACTS_INVALID: {
    status: 422,
    title: 'Lifecycle facts refused',
    cause:
      'Facts pushed for one or more persons cannot be taken (`errors` names each item by position and field, never its value): no such subject (or one erased), a lifecycle change the engine does not allow (a prospect whose contract ended, a customer going back to prospect), a date in the future, a product the policy does not declare, a holding listed twice, or the same person twice. Nothing of the call was written.',
    fix: 'Correct or drop the items `errors` names and send the call again: items already true change nothing.',
  },
  CONSENT_INVALID: {
    status: 422,
    title: 'No consent can be recorded for this purpose or channel',
    cause:
      'The policy does not know the purpose, the purpose rests on another legal basis than consent, a channel was named for a purpose that takes one consent for all channels, or the channel is unknown or does not carry the purpose. A tracking withdrawal: the policy declares no tracking.',
    fix: 'Name a purpose of the policy whose legal basis is consent, and a channel only where the purpose takes consent per channel (GET /v1/subjects/:id/consents lists what can be consented to).',
  },
  SOURCE_FORBIDDEN: {
    status: 403,
    title: 'This role may not record a change from that source',
    cause:
      "The role may not record a change from the `source` named (`detail` lists those it may): a customer records only through an interface where the person acts themselves (the policy's `consentInterfaces` with `recordedBy: data-subject`), and cannot when the policy declares none; an agent through an interface staff record (`recordedBy: controller`) or `api`; other roles through any but `gpc`, which only the browser's signal records.",
    fix: "Leave `source` out (the role's default is recorded), or name one the role may claim.",
  },
  OBJECTION_INVALID: {
    status: 422,
    title: 'The objection names an unknown purpose',
    cause: 'The objection names a purpose the policy does not declare.',
    fix: "Name a purpose of the policy, or none to object to every purpose of the objection's kind.",
  },
  RESTRICTION_INVALID: {
    status: 422,
    title: 'The restriction names an unknown purpose',
    cause: 'The restriction names a purpose the policy does not declare.',
    fix: 'Name a purpose of the policy, or none to restrict all processing.',
  },
  SUBSCRIPTION_INVALID: {
    status: 422,
    title: 'The policy offers no such subscription',
    cause: 'The policy offers no subscription on this topic.',
    fix: 'Use a topic that GET /v1/subjects/:id/subscriptions lists.',
  },
  THEME_INVALID: {
    status: 422,
    title: 'The policy offers no such theme',
    cause: 'The policy declares no theme with this id.',
    fix: 'Use a theme the policy declares (its `themes`).',
  },
  KEY_SCOPE_INVALID: {
    status: 422,
    title: 'No key of this role can hold this scope under the policy',
    cause:
      'A scope asked for the new key is not one a key of this role can hold under the policy: a scope of another role, a `recipient:<id>` that names no processor, two processors, a `recipient:` without the scopes it opens, or `features` without the processor it reads for. `errors` names the scope; `detail` lists the valid ones.',
    fix: 'Ask for the scopes that `detail` lists as valid for the role.',
  },
  HOLDING_NOT_FOUND: {
    status: 404,
    title: 'The subject holds no such product or account',
    cause: 'The subject holds no product or account with this id.',
    fix: 'Take the id from GET /v1/subjects/:id/holdings.',
  },
  SEND_REFUSED: {
    status: 422,
    title: 'The policy does not allow this message',
    cause:
      'The decision point refused this message; the first of `reasons` (stable codes with their explanation) says why: no consent, an objection, a restriction, a channel the message may not use...',
    fix: 'Read `reasons`: the refusal is the policy at work, not a fault, and the same message will be refused again until what they name changes.',
  },
  CAP_REACHED: {
    status: 409,
    title: 'The commercial-message cap for this period is reached',
    cause:
      'The person has already received as many commercial messages in this window (`window`) as the policy allows.',
    fix: "Wait for the next window. Where the policy's cap is a target, not strict, the message may be sent over it with an `override` and its reason, which is recorded.",
  },
  CONTACT_CHANNEL_NOT_SPOKEN: {
    status: 422,
    title: 'A contact is logged only on a channel where the agent speaks with the person',
    cause:
      'The channel named is not one of the policy whose address is in person or by phone: a letter, an e-mail or an online message is sent, not logged as a contact.',
    fix: 'Name one of the channels `GET /v1/contact-options` lists, or send the message with `POST /v1/subjects/{id}/communications`.',
  },
  OVERRIDE_NOT_ALLOWED: {
    status: 422,
    title: 'The cap is strict: it cannot be overridden',
    cause: "An override was asked for, but the policy's cap is strict: no message goes over it.",
    fix: 'Send without `override`; a person at the cap can be reached again in the next window.',
  },
  CAMPAIGN_INVALID: {
    status: 422,
    title: 'The policy does not allow this campaign',
    cause:
      'The policy refuses this campaign whoever its audience (its purpose, channel, message class, sender...); the first of `reasons` says why. A campaign reaches people outside any session, so it cannot use a channel that needs a login. Or the policy in force, changed since the campaign was defined, no longer declares its purpose, channel or message class (`detail` names it; `reasons` is empty): it can be neither previewed nor sent, and the send job puts it back to draft with this code (`sendFailure`, its `reasons` the codes). A draft the policy in force refuses answers its preview and its suppressions with this code too, as its send would.',
    fix: 'Change what `reasons` names; for a campaign the policy in force no longer allows, define a new one it allows.',
  },
  CAMPAIGN_NOT_FOUND: {
    status: 404,
    title: 'No such campaign',
    cause: 'No campaign has this id.',
    fix: 'Use the id POST /v1/campaigns gave.',
  },
  CAMPAIGN_SENT: {
    status: 409,
    title: 'The campaign was already sent',
    cause: 'The campaign was already sent, or is being sent: a campaign is sent once.',
    fix: 'GET /v1/campaigns/:id shows what the send did; to send again, create a new campaign.',
  },
  CAMPAIGN_NOT_SENT: {
    status: 409,
    title: 'The campaign has no batch yet',
    cause:
      'The outbound batch is written when the campaign is sent; this one is a draft, queued or being sent.',
    fix: 'GET /v1/campaigns/:id until its status is `sent`, then ask again.',
  },
  CAMPAIGN_BATCH_NO_RECIPIENT: {
    status: 403,
    title: 'The policy names no processor for this batch',
    cause:
      "The campaign's channel declares a batch but names no processor it is for (`communications.channels[].batch.recipient` in the policy), so handing it over is not a marketer's or a processor's decision: only the DPO or an administrator may download it.",
    fix: 'Ask the DPO for the batch, or have the policy name the processor of kind `processor` that delivers on this channel.',
  },
  CAMPAIGN_BATCH_REFUSED: {
    status: 403,
    title: 'The policy does not disclose this batch to its processor',
    cause:
      "The channel's batch names a processor, but the decision point refuses to disclose it to that processor: it does not take the campaign's purpose, may not see a field the batch holds, or is established outside the EEA without a safeguard; `reasons` says which, `recipient` and `purpose` name the processor and the campaign's purpose. The campaign's preview says so before the send (`batch.allowed`).",
    fix: "Change what `reasons` names in the policy (the processor's `purposes` or `fields`), or ask the DPO for the batch.",
  },
  CAMPAIGN_SEND_FAILED: {
    status: 503,
    title: 'The send failed for a reason outside the campaign',
    cause:
      'Recorded on a campaign, never answered: the send job tried a queued campaign several times and each try failed for a reason outside the campaign (the database or the disk unavailable), so it put the campaign back to draft and went on to the next one. People the tries reached stay reached: a new send skips them.',
    fix: 'Once the server is healthy again (GET /ready), queue the campaign again (POST /v1/campaigns/:id/send).',
  },
  CAMPAIGN_BATCH_NOT_WRITTEN: {
    status: 503,
    title: 'The campaign was sent but its batch could not be written yet',
    cause:
      "Every person of the audience is on the ledger, but writing the outbound batch for the processor failed (the data folder's disk full, not writable, or a file where its folder should be). The campaign is not marked sent without its batch: it stays `sending`, its chunks kept, and the send job writes the batch again after 30 s, 1, 2 and 4 minutes, then puts it back to draft with CAMPAIGN_SEND_FAILED. No one is reached twice.",
    fix: 'Free or repair the data folder (GARDE_DATA/outbound); the job finishes the send on its next try, or queue the campaign again (POST /v1/campaigns/:id/send) once it is back to draft.',
  },
  CAMPAIGN_FILTER_INVALID: {
    status: 400,
    title: 'The policy names no such purpose, channel or reason',
    cause:
      'A filter names a purpose, channel or suppression reason the policy in force does not declare, so it could only match nothing.',
    fix: 'Use the ids the policy declares (GET /v1/policy/purposes, and the communications block of the policy).',
  },
  RIGHTS_INVALID: {
    status: 422,
    title: 'The rights request breaks a rule of the policy',
    cause:
      'The rights request or legal hold breaks a rule of the policy (`detail` names it): a right the policy does not offer, a channel it does not list, a purpose or category it does not declare, a consent withdrawal without details.purpose, an objection without details.objection, a receivedAt in the future, or a rectification without the corrected identity.',
    fix: "Correct what `detail` names; the policy's `rights` lists the rights and channels it offers.",
  },
  RIGHT_NOT_ON_CHANNEL: {
    status: 422,
    title: 'This right is not exercised through this channel',
    cause:
      "The policy lists the rights each of its rights channels takes (`rights.channels[].rights`), and the channel of this request (for a person's own request, their portal) does not take this right. Nothing was recorded. `allowed` lists the channels that do.",
    fix: 'Record the request on one of the channels in `allowed`, or tell the person where the notice says to exercise this right.',
  },
  REQUEST_NOT_FOUND: {
    status: 404,
    title: 'No such rights request',
    cause: 'No rights request has this id.',
    fix: 'Take the id from GET /v1/rights-requests or GET /v1/subjects/:id/rights-requests.',
  },
  REQUEST_STATE: {
    status: 409,
    title: 'The rights request is not in a state that allows this',
    cause:
      "The request's status does not allow this step (`detail` gives it): only a received (or paused, unverified) request is verified, only a verified one is fulfilled, a closed one is not rejected; an extension is refused when the policy allows none, the request is closed, paused, overdue or already extended; a pause is refused for a closed, paused or overdue request, and only a paused one resumes; only a completed access or portability request has a file to deliver.",
    fix: 'GET /v1/rights-requests/:id for its status and take a step that status allows.',
  },
  DATASET_UNAVAILABLE: {
    status: 503,
    title: "A system that keeps the person's data cannot be reached",
    cause:
      "A connected dataset of the policy (`dataset` names it) did not answer: its server is down, its environment variable is not set, or it refused Garde's credentials. An answer that left it out would be incomplete, so none is given.",
    fix: 'Bring the system back or fix its connection (`garde datasets check` says what is wrong), then ask again.',
  },
  CALLBACK_REJECTED: {
    status: 401,
    title: "The callback is not signed with the dataset's secret",
    cause:
      "A system's callback must carry webhook-id, webhook-timestamp (within five minutes of Garde's clock) and a v1 webhook-signature over the exact body, made with the secret the dataset's connection.secret variable holds (Standard Webhooks); `reason` says which part failed.",
    fix: "Sign the callback as docs/datasets-http.md shows, with the dataset's secret, and send it at once.",
  },
  DATASET_NOT_FOUND: {
    status: 404,
    title: 'No such http dataset',
    cause: 'The policy in force declares no dataset of kind http with this id.',
    fix: 'Call back on /v1/datasets/{id}/callbacks with the id of the dataset as the policy declares it.',
  },
  STEP_NOT_FOUND: {
    status: 404,
    title: 'The request has no step in this dataset',
    cause:
      'The request reaches no such dataset: a step is made, when the request is first fulfilled, for Garde and for each dataset of the policy that holds the data the right concerns.',
    fix: 'GET /v1/rights-requests/:id lists its steps, each with its dataset.',
  },
  STEP_NOT_TASK: {
    status: 409,
    title: 'Garde carries out this step itself',
    cause:
      'The step is in a dataset Garde reaches (postgresql, mysql, http): it is not a task a person marks done. Only a step that failed may be settled by hand, by the DPO, with a note saying how it was done there.',
    fix: 'POST /v1/rights-requests/:id/fulfilment again: it runs the steps that failed or are pending, never one that is done; or, for a failed step done another way, complete it as the DPO with a note.',
  },
  STEP_STATE: {
    status: 409,
    title: 'The step is not in a state that allows this',
    cause: "The task is done: the person's keys it carried are no longer kept.",
    fix: 'GET /v1/rights-requests/:id for the step and its result.',
  },
  DELIVERY_FORMAT: {
    status: 422,
    title: 'The answer does not come in this format',
    cause:
      'An access report is delivered as html or json, a portability export as zip (`allowed` lists those of this request).',
    fix: 'Ask for one of the formats in `allowed`, or leave `format` out for the first of them.',
  },
  DELIVERY_EXPIRED: {
    status: 410,
    title: 'The answer can no longer be downloaded',
    cause:
      "The answer to this request could be downloaded for the policy's delivery window after it was fulfilled (`rights.deliveryWindow`, Garde's default 30 days), which has passed; or the person's data were erased since.",
    fix: 'The person makes a new request; the answer to it is downloadable again for the window.',
  },
  ERASURE_ENDS_CONTRACT: {
    status: 409,
    title: 'Erasure would end the contract: confirm it first',
    cause: "Erasing this customer's data would end their contract; `contractImpact` says how.",
    fix: 'Tell the person, then fulfil the request again with `confirmContractEnd: true`.',
  },
  CONTRACT_IMPACT_UNCONFIRMED: {
    status: 409,
    title: 'This affects the contract: the person confirms it first',
    cause:
      "A customer's request for, or change of, something that affects their contract (erasure, a restriction of all processing, an objection to all legitimate-interest processing) was not confirmed; `contractImpact` says how, in `language`. Nothing was recorded.",
    fix: 'Show `contractImpact` to the person, then send the same request or change again with `confirmContractImpact: true`.',
  },
  NOTICE_OUTDATED: {
    status: 409,
    title: 'The notice this consent was given on is no longer in force: show the new one',
    cause:
      'Consent was given naming a `noticeVersion` that was in force before, and the policy in force since widened this purpose (a new recipient, a longer retention...): the person agreed to less than it now does (Art. 7(1), 13(3)). `noticeVersion` names the notice in force and `changes` says what changed, in `language`. Nothing was recorded.',
    fix: 'Show the person the notice in force (GET /notice, or the purposes and choices again) and what changed, then record their answer naming the version in force.',
  },
  RETENTION_EVENT_UNKNOWN: {
    status: 422,
    title: 'The policy declares no such retention event',
    cause:
      'The event is not one the policy names under retentionEvents (the events that start its retention clocks), or the time given is in the future.',
    fix: 'Use an id from the policy’s retentionEvents (`allowed` lists them) and the time the event happened.',
  },
  RETENTION_EVENT_NOT_FOUND: {
    status: 404,
    title: 'No such retention event for this person',
    cause: 'Nothing was reported for this person and event, or it was already withdrawn.',
    fix: 'Take the events from GET /v1/subjects/:id/retention-events.',
  },
  HOLD_NOT_FOUND: {
    status: 404,
    title: 'No such legal hold',
    cause: 'The subject has no legal hold in force with this id: none was placed, or it was already lifted.',
    fix: 'Take the id from GET /v1/subjects/:id/legal-holds.',
  },
  AUDIT_RANGE_INVALID: {
    status: 400,
    title: 'The time range is empty',
    cause: 'The audit filter’s `from` is at or after its `to`: no entry can be in the range.',
    fix: 'Send `from` before `to` (from is inclusive, to exclusive), or leave one out.',
  },
  RETENTION_RUN_IN_PROGRESS: {
    status: 409,
    title: 'A retention run is already in progress',
    cause:
      'A retention run started through the API is still running (one at a time): its steps remove data in order, and a second run would race it.',
    fix: 'Follow the run named in `running` (GET /v1/retention/runs/:id) until it ends, then start another if needed.',
  },
  RETENTION_RUN_NOT_FOUND: {
    status: 404,
    title: 'No such retention run',
    cause: 'No retention run has this id.',
    fix: 'Take the id from POST /v1/retention/runs or GET /v1/retention/runs.',
  },
  INTEREST_INVALID: {
    status: 422,
    title: 'The policy knows no such topic, product or channel, or there is too little data',
    cause:
      'The topic is not one the policy tracks, the product is not in the policy, or the channel offers are asked for is not one of its communication channels; or, to train the offer model, fewer than 20 subjects have recorded outcomes.',
    fix: 'Use a topic, product or channel of the policy; record more offer outcomes before training.',
  },
  PROBLEM_TYPE_NOT_FOUND: {
    status: 404,
    title: 'No such problem type',
    cause: 'No problem type has this name.',
    fix: 'GET /problems lists every problem type; docs/problems.md too.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    cause:
      'More requests in the last minute than the budget allows: per client address, or per API key (`detail` says which). Refused requests count too.',
    fix: 'Wait the seconds that Retry-After (and `retryAfter`) give, then go on more slowly. An operator can raise GARDE_RATE_LIMIT_CLIENT or GARDE_RATE_LIMIT.',
  },
  NOT_READY: {
    status: 503,
    title: 'The service is not ready',
    cause: 'The database does not answer, or migrations are pending.',
    fix: 'Retry later. Operators: check the database connection, then run `garde migrate`.',
  },
  INTERNAL: {
    status: 500,
    title: 'Internal error',
    cause: "Something failed on the server's side; the server's log has the error, without personal data.",
    fix: 'Retry later; if it goes on, tell the operator the time and the `instance`.',
  },
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * Where problem types are named: `type` is this base and the code's slug. It is an identifier
 * clients may switch on, kept whatever host serves Garde; every Garde serves the same
 * documentation at its own `/problems/<slug>`.
 */
export const PROBLEM_TYPE_BASE = 'https://garde.dev/problems/';

/** `CAP_REACHED` -> `cap-reached`: the last segment of the type URI and of `/problems/<slug>`. */
export const problemSlug = (code: ErrorCode): string => code.toLowerCase().replaceAll('_', '-');

export class GardeError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? ERRORS[code].title);
    this.status = ERRORS[code].status;
  }
}

/** A refused value: where it was (`body`, `querystring`, `params`, `headers`), its JSON pointer, why. */
export type FieldError = { in: string; path: string; message: string };

/** A problem that names each refused value in `errors`, and all of them in one line as `detail`. */
export function fieldErrors(code: ErrorCode, errors: readonly FieldError[]): GardeError {
  const detail = errors.map((e) => `${e.in}${e.path === '/' ? '' : e.path}: ${e.message}`).join('; ');
  return new GardeError(code, detail, { errors });
}

/** RFC 9457 problem details, with Garde's stable `code`. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  [k: string]: unknown;
};

/** The one builder of a problem's body; members of `extra` left undefined are left out. */
export function problem(code: ErrorCode, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const { status, title } = ERRORS[code];
  const defined = Object.entries(extra).filter(([, v]) => v !== undefined);
  return {
    type: `${PROBLEM_TYPE_BASE}${problemSlug(code)}`,
    title,
    status,
    code,
    ...(detail ? { detail } : {}),
    ...Object.fromEntries(defined),
  };
}
