// "Your themes" (BK-6, issue 14): the person links the products they hold to the
// policy's themes. One fieldset per holding, one checkbox per theme (keyboard: Tab and Space).
// A holding shows its product's name and only the end of its reference. What theme links are
// used for comes from the policy (the purposes that use them). Changes carry the CSRF token.
import { useEffect, useState } from 'react';
import {
  changeThemeLink,
  type Holding,
  type PublishedThemes,
  readHoldings,
  readProductNames,
  readPublishedThemes,
  readThemeLinks,
  type ThemeLink,
} from '../api.ts';
import { ErrorSummary } from '../ErrorSummary.tsx';
import { clockTime, sayIn, type ViewWords } from '../i18n.ts';
import type { ViewProps } from '../Views.tsx';
import { viewTitle } from './titles.ts';

const EN = {
  intro: 'You may group the products you hold under themes. You choose the links; no model decides them.',
  usedFor: 'According to our privacy notice, your themes are used to:',
  withConsent: '{what} (only with your consent)',
  holding: '{product}, reference ending in {end}',
  holdingNoEnd: '{product}',
  product: 'Product',
  linkedAt: '{holding}: added to “{theme}” at {time}.',
  unlinked: '{holding}: removed from “{theme}”.',
  noHoldings: 'You hold no product to link to a theme.',
  errorSummary: 'There is a problem',
  notRecorded: 'Your change to “{theme}” for {holding} could not be saved. Please try again.',
  failed: 'Your themes could not be loaded. Please try again later.',
  loading: 'Loading…',
};

const WORDS: ViewWords<typeof EN> = {
  en: EN,
  fr: {
    intro:
      'Vous pouvez regrouper les produits que vous détenez sous des thèmes. C’est vous qui faites ces liens ; aucun modèle ne les décide.',
    usedFor: 'Selon notre déclaration de confidentialité, vos thèmes servent à :',
    withConsent: '{what} (seulement avec votre consentement)',
    holding: '{product}, référence se terminant par {end}',
    holdingNoEnd: '{product}',
    product: 'Produit',
    linkedAt: '{holding} : ajouté à « {theme} » à {time}.',
    unlinked: '{holding} : retiré de « {theme} ».',
    noHoldings: 'Vous ne détenez aucun produit à lier à un thème.',
    errorSummary: 'Il y a un problème',
    notRecorded:
      'Votre changement pour « {theme} » ({holding}) n’a pas pu être enregistré. Veuillez réessayer.',
    failed: 'Vos thèmes n’ont pas pu être chargés. Veuillez réessayer plus tard.',
    loading: 'Chargement…',
  },
  nl: {
    intro:
      'U kunt de producten die u bezit onder thema’s groeperen. U legt die koppelingen zelf; geen model beslist erover.',
    usedFor: 'Volgens onze privacyverklaring worden uw thema’s gebruikt om:',
    withConsent: '{what} (alleen met uw toestemming)',
    holding: '{product}, referentie eindigend op {end}',
    holdingNoEnd: '{product}',
    product: 'Product',
    linkedAt: '{holding}: toegevoegd aan “{theme}” om {time}.',
    unlinked: '{holding}: verwijderd uit “{theme}”.',
    noHoldings: 'U bezit geen product om aan een thema te koppelen.',
    errorSummary: 'Er is een probleem',
    notRecorded: 'Uw wijziging voor “{theme}” ({holding}) kon niet worden bewaard. Probeer het opnieuw.',
    failed: 'Uw thema’s konden niet worden geladen. Probeer het later opnieuw.',
    loading: 'Laden…',
  },
  de: {
    intro:
      'Sie können die Produkte, die Sie besitzen, unter Themen gruppieren. Sie legen diese Verknüpfungen selbst fest; kein Modell entscheidet darüber.',
    usedFor: 'Laut unserer Datenschutzerklärung werden Ihre Themen verwendet, um:',
    withConsent: '{what} (nur mit Ihrer Einwilligung)',
    holding: '{product}, Referenz endet auf {end}',
    holdingNoEnd: '{product}',
    product: 'Produkt',
    linkedAt: '{holding}: um {time} zu „{theme}“ hinzugefügt.',
    unlinked: '{holding}: aus „{theme}“ entfernt.',
    noHoldings: 'Sie besitzen kein Produkt, das Sie mit einem Thema verknüpfen könnten.',
    errorSummary: 'Es gibt ein Problem',
    notRecorded:
      'Ihre Änderung für „{theme}“ ({holding}) konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
    failed: 'Ihre Themen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
    loading: 'Wird geladen…',
  },
};

/** The last four letters or digits of a reference: enough to tell holdings apart, no more. */
function referenceEnd(ref: string): string {
  const plain = ref.replace(/[^\p{L}\p{N}]/gu, '');
  return plain.length > 4 ? plain.slice(-4) : '';
}

type Loaded = { themes: PublishedThemes; holdings: Holding[]; names: ReadonlyMap<string, string> };
type Failure = { control: string; theme: string; holding: string };

const keyOf = (theme: string, holdingId: string) => `${theme}\u0000${holdingId}`;
const linkSet = (links: readonly ThemeLink[]) => new Set(links.map((l) => keyOf(l.theme, l.holdingId)));

export function Themes({ who, language, notice }: ViewProps) {
  const say = sayIn(WORDS, language);
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [links, setLinks] = useState<ReadonlySet<string>>(new Set());
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState('');
  const [failures, setFailures] = useState<Failure[]>([]);
  const [pending, setPending] = useState<Readonly<Record<string, boolean>>>({});
  const hasProducts = notice.features.includes('products');

  useEffect(() => {
    let live = true;
    Promise.all([
      readPublishedThemes(language),
      readHoldings(who),
      hasProducts ? readProductNames(language) : new Map<string, string>(),
      readThemeLinks(who),
    ]).then(
      ([themes, holdings, names, l]) => {
        if (!live) return;
        setLoaded({ themes, holdings, names });
        setLinks(linkSet(l));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [who, language, hasProducts]);

  const holdingName = (h: Holding) => {
    const product = loaded?.names.get(h.productCode) ?? say('product');
    const end = referenceEnd(h.accountRef);
    return end ? say('holding', { product, end }) : say('holdingNoEnd', { product });
  };

  const change = (h: Holding, theme: { id: string; name: string }, control: string, linked: boolean) => {
    const key = keyOf(theme.id, h.id);
    const holding = holdingName(h);
    setPending((p) => ({ ...p, [key]: linked }));
    setStatus('');
    changeThemeLink(who, theme.id, h.id, linked)
      .then(
        (after) => {
          setLinks(linkSet(after));
          setFailures((f) => f.filter((x) => x.control !== control));
          const link = after.find((l) => l.theme === theme.id && l.holdingId === h.id);
          setStatus(
            linked && link
              ? say('linkedAt', { holding, theme: theme.name, time: clockTime(link.linkedAt, language) })
              : say('unlinked', { holding, theme: theme.name }),
          );
        },
        () =>
          setFailures((f) => [
            ...f.filter((x) => x.control !== control),
            { control, theme: theme.name, holding },
          ]),
      )
      .finally(() =>
        setPending((p) => {
          const { [key]: _, ...rest } = p;
          return rest;
        }),
      );
  };

  return (
    <section aria-labelledby="themes" className="choices">
      <h2 id="themes">{viewTitle('themes', language)}</h2>
      <p>{say('intro')}</p>
      {loaded && loaded.themes.usedFor.length > 0 && (
        <>
          <p>{say('usedFor')}</p>
          <ul>
            {loaded.themes.usedFor.map((u) => (
              <li key={u.purpose}>
                {u.needsConsent ? say('withConsent', { what: u.description }) : u.description}
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorSummary
        title={say('errorSummary')}
        problems={failures.map((f) => ({
          control: f.control,
          message: say('notRecorded', { theme: f.theme, holding: f.holding }),
        }))}
      />
      <p aria-live="polite" role="status" className="choice-status">
        {status}
      </p>
      {failed && (
        <p role="alert" className="failed">
          {say('failed')}
        </p>
      )}
      {loaded === undefined && !failed && <p>{say('loading')}</p>}
      {loaded?.holdings.length === 0 && <p>{say('noHoldings')}</p>}
      {loaded?.holdings.map((h, i) => (
        // Controls are named by position, never by the holding's identifier.
        <fieldset key={h.id} className="purpose holding">
          <legend>{holdingName(h)}</legend>
          <div className="checks">
            {loaded.themes.items.map((theme) => {
              const key = keyOf(theme.id, h.id);
              const control = `theme-${i}-${theme.id}`;
              const checked = pending[key] ?? links.has(key);
              return (
                <div className="switch" key={theme.id}>
                  <input
                    type="checkbox"
                    id={control}
                    checked={checked}
                    aria-invalid={failures.some((f) => f.control === control) || undefined}
                    aria-busy={key in pending || undefined}
                    onChange={(e) => {
                      if (!(key in pending)) change(h, theme, control, e.target.checked);
                    }}
                  />
                  <label htmlFor={control}>{theme.name}</label>
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
    </section>
  );
}
