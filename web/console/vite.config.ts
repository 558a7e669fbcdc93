// The staff console's build (issue 15): served by Garde under /console/ with the privacy page's
// strict CSP, so the output must need no inline script or style and load nothing from elsewhere.
// It may import web/src's shared modules (the typed client, i18n helpers, the error summary).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // The favicon is the privacy page's.
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No data: URIs (the CSP allows only 'self') and no inline module-preload polyfill.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
