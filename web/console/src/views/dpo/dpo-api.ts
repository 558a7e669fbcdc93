// What the DPO's screens share: the answers' types, read from the typed client (never written
// again by hand); the policy in force, whose names they show (GET /v1/policy, never typed from the
// YAML), in the console's language; keyset paging a page at a time.
import { useEffect, useState } from 'react';
import type { paths } from '../../../../../clients/typescript/index.ts';
import { garde } from '../../api.ts';
import './dpo.css';
import type { Language } from '../../words.ts';

/** The JSON a GET answers with 200. */
export type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer B } } } };
}
  ? B
  : never;

/** One item of a GET list. */
export type ItemOf<P extends keyof paths> = Answer<P> extends { items: (infer I)[] } ? I : never;

export type PolicyInForce = NonNullable<Awaited<ReturnType<typeof readPolicy>>>;

async function readPolicy(language: Language) {
  const { data } = await garde.GET('/v1/policy', { params: { query: { language } } });
  return data ?? null;
}

/** The policy in force in `language`; null while it loads or when it cannot be read. */
export function usePolicy(language: Language): PolicyInForce | null {
  const [policy, setPolicy] = useState<PolicyInForce | null>(null);
  useEffect(() => {
    let live = true;
    readPolicy(language).then(
      (p) => live && setPolicy(p),
      () => live && setPolicy(null),
    );
    return () => {
      live = false;
    };
  }, [language]);
  return policy;
}

/** The name of `id` in a list of the policy's things, or the id itself when it is not there. */
export function nameIn(list: readonly { id: string; name: string | null }[] | undefined, id: string): string {
  return list?.find((x) => x.id === id)?.name ?? id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subject id as the API takes it. */
export const isSubjectId = (s: string) => UUID.test(s.trim());

/**
 * Where a keyset-paged list is: the cursors of the pages shown so far (the last one is on
 * screen). Forward by the answer's `next`; back to the first page.
 */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    after: cursors.at(-1),
    page: cursors.length,
    first: () => setCursors([undefined]),
    forward: (next: string) => setCursors((c) => [...c, next]),
  };
}
