// The privacy page's response headers, in one place. The page needs no inline script or style
// and nothing from another origin (web/vite.config.ts), so its policy allows only its own origin.

/**
 * Who may frame the page. None for now: the session work extends this to the host's configured
 * origin (issue 14: the page inside online banking).
 */
export function frameAncestors(): string[] {
  return ["'none'"];
}

/** The Content-Security-Policy of every answer under /privacy/. */
export function privacyCsp(ancestors: readonly string[] = frameAncestors()): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}

/** Headers every answer under /privacy/ carries. */
export function privacyHeaders(): Record<string, string> {
  return {
    'content-security-policy': privacyCsp(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** A hashed asset never changes under its name; index.html and unhashed files are checked each time. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
