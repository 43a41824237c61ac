// The renderer's build: root renderer/, relative asset paths (the window loads the files through
// a custom scheme, the tests through an https origin of their own), output dist/renderer.
// Paths are relative to the package root, where npm runs `vite build --config renderer/vite.config.ts`.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The shared locale resources include the CLI's terminal texts (namespace `cli`), which no screen
 * shows; they are left out of the bundle (about 4 KB gzip of the 250 KB budget).
 */
function withoutCliTexts(): Plugin {
  const cliTexts = /[\\/]resources[\\/]locales[\\/](ja|en)[\\/]cli\.json$/u;
  return { name: 'renderer-without-cli-texts', enforce: 'pre', load: (id) => (cliTexts.test(id) ? '{}' : null) };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [withoutCliTexts(), react()],
  build: {
    // Relative to root. Only renderer/index.html is built: the dev entry (dev/index.html, with the
    // fake window.api) never reaches the bundle.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // One chunk of ~900 KB is expected (React, Fluent UI, zod); the gzip budget is checked instead.
    chunkSizeWarningLimit: 1024,
  },
});
