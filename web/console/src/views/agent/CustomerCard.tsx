// One customer as an agent sees them (BK-13): the accounts and products they linked to themes,
// the offers allowed today (no score, no interest: the API leaves them out for agents), the
// check before a contact and the contact's log (ContactForms.tsx). Names of themes, products and
// offers come from the API in the policy's words.
import { useEffect, useState } from 'react';
import { garde } from '../../api.ts';
import { TableScroll } from '../../TableScroll.tsx';
import type { Session } from '../../views.ts';
import { sayIn } from '../../words.ts';
import { ContactForms } from './ContactForms.tsx';
import { CUSTOMERS_WORDS } from './customers-words.ts';

export type Customer = { id: string; displayName: string | null; customerNumber: string | null };

type Link = { theme: string; holdingId: string; productCode: string; accountRef: string; linkedAt: string };
type Offers = {
  rankingReason: string;
  offers: { product: string; name: string; sender: string }[];
};
type Loaded<T> = T | 'loading' | 'failed';

const THEMES_PAGE = 50;

/** The language to ask the API's names in: the console's, when the policy speaks it. */
export const apiLanguage = (session: Session): string =>
  session.policyLanguages.includes(session.language)
    ? session.language
    : (session.policyLanguages[0] ?? 'en');

const dayOf = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { dateStyle: 'long' }).format(
    new Date(iso),
  );

export function CustomerCard({ customer, session }: { customer: Customer; session: Session }) {
  const say = sayIn(CUSTOMERS_WORDS, session.language);
  const language = apiLanguage(session);
  const [links, setLinks] = useState<Loaded<Link[]>>('loading');
  const [nextLinks, setNextLinks] = useState<string | null>(null);
  const [names, setNames] = useState<{ themes: Map<string, string>; products: Map<string, string> }>({
    themes: new Map(),
    products: new Map(),
  });
  const [offers, setOffers] = useState<Loaded<Offers>>('loading');

  async function loadLinks(after: string | null) {
    const { data } = await garde.GET('/v1/subjects/{id}/themes', {
      params: { path: { id: customer.id }, query: { limit: THEMES_PAGE, ...(after ? { after } : {}) } },
    });
    if (!data) {
      setLinks('failed');
      return;
    }
    setLinks((before) => (after && Array.isArray(before) ? [...before, ...data.items] : data.items));
    setNextLinks(data.next);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once per customer and language
  useEffect(() => {
    setLinks('loading');
    setOffers('loading');
    void loadLinks(null).catch(() => setLinks('failed'));
    void Promise.all([
      garde.GET('/v1/policy/themes', { params: { query: { language } } }),
      garde.GET('/v1/policy/products', { params: { query: { language } } }),
    ])
      .then(([themes, products]) =>
        setNames({
          themes: new Map((themes.data?.items ?? []).map((t) => [t.id, t.name])),
          products: new Map((products.data?.items ?? []).map((p) => [p.id, p.name])),
        }),
      )
      .catch(() => undefined);
    void garde
      .GET('/v1/subjects/{id}/offers', { params: { path: { id: customer.id }, query: { language } } })
      .then(({ data }) => setOffers(data ?? 'failed'))
      .catch(() => setOffers('failed'));
  }, [customer.id, language]);

  const heading = customer.displayName
    ? say('cardHeading', { name: customer.displayName })
    : say('cardHeadingNoName');
  return (
    <article aria-labelledby="card-heading" className="customer-card">
      <h2 id="card-heading">{heading}</h2>
      {customer.customerNumber && (
        <dl className="facts">
          <dt>{say('customerNumber')}</dt>
          <dd>{customer.customerNumber}</dd>
        </dl>
      )}
      <p className="hint">{say('cardIntro')}</p>

      <section aria-labelledby="themes-heading" className="panel">
        <h3 id="themes-heading">{say('themesHeading')}</h3>
        {links === 'loading' && <p>{say('loading')}</p>}
        {links === 'failed' && <p className="refused">{say('loadFailed')}</p>}
        {Array.isArray(links) && links.length === 0 && <p>{say('noThemes')}</p>}
        {Array.isArray(links) && links.length > 0 && (
          <TableScroll label={say('themesCaption')}>
            <table>
              <caption>{say('themesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say('theme')}</th>
                  <th scope="col">{say('product')}</th>
                  <th scope="col">{say('account')}</th>
                  <th scope="col">{say('linkedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {links.map((l) => (
                  <tr key={`${l.theme} ${l.holdingId}`}>
                    <td>{names.themes.get(l.theme) ?? l.theme}</td>
                    <td>{names.products.get(l.productCode) ?? l.productCode}</td>
                    <td>{l.accountRef}</td>
                    <td>
                      <time dateTime={l.linkedAt}>{dayOf(l.linkedAt, session.language)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {nextLinks && (
          <p>
            <button type="button" className="secondary" onClick={() => void loadLinks(nextLinks)}>
              {say('moreThemes')}
            </button>
          </p>
        )}
      </section>

      <section aria-labelledby="offers-heading" className="panel">
        <h3 id="offers-heading">{say('offersHeading')}</h3>
        {offers === 'loading' && <p>{say('loading')}</p>}
        {offers === 'failed' && <p className="refused">{say('loadFailed')}</p>}
        {typeof offers === 'object' && offers.offers.length === 0 && <p>{say('offersNone')}</p>}
        {typeof offers === 'object' && offers.offers.length > 0 && (
          <>
            <p className="hint">{offers.rankingReason}</p>
            <ol className="offers">
              {offers.offers.map((o) => (
                <li key={o.product}>{o.name}</li>
              ))}
            </ol>
          </>
        )}
      </section>

      <ContactForms subjectId={customer.id} session={session} />
    </article>
  );
}
