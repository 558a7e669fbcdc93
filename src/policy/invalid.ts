/** A policy file that does not validate: the message lists `file:line:column: key: problem`. */
export class PolicyInvalidError extends Error {}
