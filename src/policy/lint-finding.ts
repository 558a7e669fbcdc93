/** One thing `policy check` refuses: where (the key's path in the file), what, and which rule. */
export type LintFinding = { path: (string | number)[]; message: string; rule: string };
