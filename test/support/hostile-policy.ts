// A policy whose text tries to become markup (issue 17, E18): a purpose and a category described
// with HTML, Markdown and a web address running into a tag. Every renderer must keep it text.
import { type PolicyDocument, policyVariant } from './policy-variant.ts';

/** The English description of the bank's first purpose, as a hostile author might write it. */
export const HOSTILE_PURPOSE =
  'See https://a.example/x<script>alert(1)</script> | *x* [y](javascript:alert(1)) <img src=x onerror=alert(1)> &lt;b&gt; `code`';
/** The same text as the Markdown renderer must write it: every markup character escaped. */
export const HOSTILE_PURPOSE_MD =
  'See <https://a.example/x>\\<script\\>alert(1)\\</script\\> \\| \\*x\\* \\[y\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\&lt;b\\&gt; \\`code\\`';
/** The English description of the bank's first category: it would start a list and a heading. */
export const HOSTILE_CATEGORY = '- 1) <b>bold</b> _x_ # not a heading';
export const HOSTILE_CATEGORY_MD = '\\- 1) \\<b\\>bold\\</b\\> \\_x\\_ \\# not a heading';

/** The retail bank with those descriptions, written to a temporary file; returns its path. */
export const hostileBank = () =>
  policyVariant('policies/retail-bank.yaml', (doc: PolicyDocument) => {
    doc.purposes[0].description.en = HOSTILE_PURPOSE;
    doc.categories[0].description.en = HOSTILE_CATEGORY;
  });
