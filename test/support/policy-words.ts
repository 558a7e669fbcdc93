// The words of a policy document (its ids, channels, topics, classes...) and where each was found,
// so generated requests can use the policy's own vocabulary without naming any policy.

export type PolicyWords = {
  all: string[];
  /** Words found under a policy key that contains the field's name (`kind` -> `eventKinds`). */
  named(field: string | undefined): string[];
};

/** Every short lower-case word of a policy document, and where in it each one was found. */
export function wordsOf(doc: unknown): PolicyWords {
  const byKey = new Map<string, Set<string>>();
  const walk = (node: unknown, keys: string[]) => {
    if (typeof node === 'string' && /^[a-z][a-z0-9:-]{0,60}$/.test(node)) {
      for (const k of ['', ...keys]) byKey.set(k, (byKey.get(k) ?? new Set()).add(node));
    } else if (Array.isArray(node)) for (const x of node) walk(x, keys);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        walk(k, keys);
        walk(v, [...keys, k.toLowerCase()]);
      }
  };
  walk(doc, []);
  return {
    all: [...(byKey.get('') ?? [])],
    named(field) {
      if (!field) return [];
      const f = field.toLowerCase();
      return [...new Set([...byKey].filter(([k]) => k !== '' && k.includes(f)).flatMap(([, v]) => [...v]))];
    },
  };
}
