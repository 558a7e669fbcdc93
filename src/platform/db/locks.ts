// Advisory lock keys, one list so no two uses collide.
export const LOCKS = {
  /** Held by the migration runner: one process migrates at a time. */
  migrate: 74_657_001,
  /** Tracking ingest holds it shared; consent, objection and restriction changes exclusively. */
  gate: 74_657_002,
  /** Campaign batch writers hold it shared; erasure, scrubbing the batches, exclusively. */
  outbound: 74_657_003,
  /** Held while the demo keys of a database are made and recorded: one set per database. */
  demoKeys: 74_657_004,
  /** Held while the demo population is checked for and written: one seed per database. */
  demoSeed: 74_657_005,
  /**
   * BK-7: held by the send of a queued campaign from before it picks the queue's head until it
   * commits, so queued campaigns take their slots one at a time, highest priority first.
   */
  campaignQueue: 74_657_006,
  /** Issue 17: held while the policy in force is compared with the last recorded and recorded. */
  policyVersions: 74_657_007,
  /**
   * With a 32-bit hash of a mailbox (the two-key form, a key space of its own): a counted e-mail
   * send to one of several people sharing a mailbox holds it until it commits.
   */
  mailboxSpace: 74_657,
} as const;
