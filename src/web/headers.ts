// The privacy page's response headers, in one place. The page needs no inline script or style
// and nothing from another origin (web/vite.config.ts), so its policy allows only its own origin.

/**
 * The Content-Security-Policy of every answer under /privacy/, `ancestors` being who may frame
 * it (src/privacy/framing.ts sets it on each answer, from GARDE_PRIVACY_FRAME_ANCESTORS).
 */
export function privacyCsp(ancestors: readonly string[]): string {
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

/** Headers every file of the page carries (the CSP and framing come from src/privacy/framing.ts). */
export function privacyHeaders(): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** A hashed asset never changes under its name; index.html and unhashed files are checked each time. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
