// What a request's answer did (issue 15, EN-11), in words: the categories answered or erased and
// what was kept and why, by the policy's names (GET /v1/policy) or Garde's own words for its own
// records (garde-words.ts), never as ids or JSON. Anything a later version adds that this screen
// does not know yet is still shown, under "other details".
import { longDate } from '../../../../src/i18n.ts';
import { categoryName, gardeWord } from '../../garde-words.ts';
import type { Language } from '../../words.ts';
import { nameIn, type PolicyInForce } from './dpo-api.ts';
import type { SayDpo } from './requests-words.ts';

type Kept = { category: string; basis: string; reason: string; rule?: string; until: string | null };
type Elsewhere = { category: string; dataset: string; table: string };

/** The outcome's parts this screen words; the rest is shown as it is. */
const WORDED = new Set([
  'categories',
  'files',
  'rectified',
  'restricted',
  'objection',
  'purpose',
  'withdrawn',
  'erased',
  'kept',
  'subjectDeleted',
  'notified',
  'toEraseElsewhere',
  'contractImpact',
  'reason',
  'closedByErasure',
  'delivery',
  // What each system did: the request's Systems section (RequestSystems.tsx) words it.
  'datasets',
]);

const list = (items: readonly string[], none: string) => (items.length > 0 ? items.join(', ') : none);

export function RequestOutcome({
  outcome,
  policy,
  say,
  language,
}: {
  outcome: Record<string, unknown>;
  policy: PolicyInForce | null;
  say: SayDpo;
  language: Language;
}) {
  const category = (id: string) => categoryName(policy?.categories, id, language);
  const purpose = (id: string) => nameIn(policy?.purposes, id);
  const o = outcome as {
    categories?: { id: string; records?: number }[];
    files?: string[];
    rectified?: string[];
    restricted?: string;
    objection?: string;
    purpose?: string;
    withdrawn?: string;
    erased?: string[];
    kept?: Kept[];
    subjectDeleted?: boolean;
    notified?: string[];
    toEraseElsewhere?: Elsewhere[];
    contractImpact?: string;
    reason?: string;
    closedByErasure?: string;
  };
  const none = say('outcome.none');
  const other = Object.fromEntries(Object.entries(outcome).filter(([k]) => !WORDED.has(k)));
  // 'all processing' and 'all' are the answer's words for no particular purpose.
  const purposeOrAll = (p: string | undefined) =>
    p === undefined || p === 'all' || p === 'all processing' ? say('outcome.allProcessing') : purpose(p);
  return (
    <div className="outcome">
      <h3>{say('outcome')}</h3>
      <dl>
        {o.categories && (
          <>
            <dt>{say('outcome.categories')}</dt>
            <dd>
              {list(
                o.categories.map((c) =>
                  c.records === undefined
                    ? category(c.id)
                    : say('outcome.records', {
                        category: category(c.id),
                        n: c.records.toLocaleString(language),
                      }),
                ),
                none,
              )}
            </dd>
          </>
        )}
        {o.files && (
          <>
            <dt>{say('outcome.files')}</dt>
            <dd>{list(o.files, none)}</dd>
          </>
        )}
        {o.rectified && (
          <>
            <dt>{say('outcome.rectified')}</dt>
            <dd>
              {list(
                o.rectified.map((f) => gardeWord(language, 'field', f)),
                none,
              )}
            </dd>
          </>
        )}
        {o.restricted !== undefined && (
          <>
            <dt>{say('outcome.restricted')}</dt>
            <dd>{purposeOrAll(o.restricted)}</dd>
          </>
        )}
        {o.objection !== undefined && (
          <>
            <dt>{say('outcome.objection')}</dt>
            <dd>
              {say(`objection.${o.objection as 'profiling'}`)} — {purposeOrAll(o.purpose)}
            </dd>
          </>
        )}
        {o.withdrawn !== undefined && (
          <>
            <dt>{say('outcome.withdrawn')}</dt>
            <dd>{purpose(o.withdrawn)}</dd>
          </>
        )}
        {o.erased && (
          <>
            <dt>{say('outcome.erased')}</dt>
            <dd>{list(o.erased.map(category), none)}</dd>
          </>
        )}
        {o.subjectDeleted !== undefined && (
          <>
            <dt>{say('outcome.subject')}</dt>
            <dd>{o.subjectDeleted ? say('outcome.subjectDeleted') : say('outcome.subjectKept')}</dd>
          </>
        )}
        {o.notified && (
          <>
            <dt>{say('outcome.notified')}</dt>
            <dd>
              {list(
                o.notified.map((r) => nameIn(policy?.recipients, r)),
                none,
              )}
            </dd>
          </>
        )}
        {o.contractImpact && (
          <>
            <dt>{say('outcome.contractImpact')}</dt>
            <dd>{o.contractImpact}</dd>
          </>
        )}
        {o.reason && (
          <>
            <dt>{say('outcome.refused')}</dt>
            <dd>{o.reason}</dd>
          </>
        )}
        {o.closedByErasure && (
          <>
            <dt>{say('outcome.closedByErasure')}</dt>
            <dd>
              <a href={`?view=dpo-request&id=${encodeURIComponent(o.closedByErasure)}`}>
                {say('outcome.theErasure')}
              </a>
            </dd>
          </>
        )}
      </dl>
      {o.kept && o.kept.length > 0 && (
        <table>
          <caption>{say('outcome.kept')}</caption>
          <thead>
            <tr>
              <th scope="col">{say('outcome.keptCategory')}</th>
              <th scope="col">{say('outcome.keptBasis')}</th>
              <th scope="col">{say('outcome.keptReason')}</th>
              <th scope="col">{say('outcome.keptUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {o.kept.map((k) => (
              <tr key={`${k.category} ${k.basis} ${k.rule ?? ''}`}>
                <th scope="row">{category(k.category)}</th>
                <td>{gardeWord(language, 'basis', k.basis)}</td>
                <td>{k.reason}</td>
                <td>{k.until ? longDate(k.until, language) : say('outcome.untilEvent')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {o.toEraseElsewhere && o.toEraseElsewhere.length > 0 && (
        <>
          <h4>{say('outcome.elsewhere')}</h4>
          <ul>
            {o.toEraseElsewhere.map((e) => (
              <li key={`${e.dataset} ${e.table}`}>
                {category(e.category)}: {nameIn(policy?.datasets, e.dataset)} / <code>{e.table}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {Object.keys(other).length > 0 && (
        <details>
          <summary>{say('outcome.other')}</summary>
          <pre>{JSON.stringify(other, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
