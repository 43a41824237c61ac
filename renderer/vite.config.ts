// The renderer's build: root renderer/, relative asset paths (the window loads the files through
// a custom scheme, the tests through an https origin of their own), output dist/renderer.
// Paths are relative to the package root, where npm runs `vite build --config renderer/vite.config.ts`.
import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';

/**
 * The shared locale resources include the CLI's terminal texts (namespace `cli`), which no screen
 * shows; they are left out of the bundle (about 4 KB gzip of the 250 KB budget).
 */
function withoutCliTexts(): Plugin {
  const cliTexts = /[\\/]resources[\\/]locales[\\/](ja|en)[\\/]cli\.json$/u;
  return { name: 'renderer-without-cli-texts', enforce: 'pre', load: (id) => (cliTexts.test(id) ? '{}' : null) };
}

/**
 * The entry (main.tsx) is tiny and loads the app's code (app/bootstrap.tsx) with a dynamic import,
 * after it has put the start-up questions to the host. A <link rel="modulepreload"> for that code
 * and what it imports lets the browser fetch and parse it alongside the entry instead of after it.
 */
function preloadAppCode(): Plugin {
  return {
    name: 'renderer-preload-app-code',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return [];
        const app = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/app/bootstrap.tsx'));
        if (app?.type !== 'chunk') throw new Error('renderer build: no chunk for app/bootstrap.tsx');
        // The entry's own files are loaded by its <script> already.
        const loaded = new Set([entry.fileName, ...entry.imports]);
        return [...app.imports, app.fileName]
          .filter((file) => !loaded.has(file))
          .map((file): HtmlTagDescriptor => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
            injectTo: 'head',
          }));
      },
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [withoutCliTexts(), react(), preloadAppCode()],
  build: {
    // Relative to root. Only renderer/index.html is built: the dev entry (dev/index.html, with the
    // fake window.api) never reaches the bundle.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The app's chunk of ~650 KB is expected (React, Fluent UI, zod); the gzip budget is checked instead.
    chunkSizeWarningLimit: 1024,
    // Chromium (Electron) supports <link rel="modulepreload">: no polyfill in the entry.
    modulePreload: { polyfill: false },
  },
});
