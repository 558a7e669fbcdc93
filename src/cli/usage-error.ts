export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in how the command was called: reported without a stack, exit code 2. */
export class UsageError extends Error {}
