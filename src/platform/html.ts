// Text placed in HTML by Garde's own pages (the access report, the problem types, the tracker
// demo): every value escaped, so nothing a policy or a person wrote can become markup.

/** `v` as HTML text or attribute value; null and undefined as the empty string. */
export const escapeHtml = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
