// Lint, including the layering rules of docs/architecture.md: a forbidden import fails `npm test`.
// Layers are checked on resolved file paths (import-x/no-restricted-paths), so a relative
// `../../main/x` is caught as surely as an absolute one; bare packages by no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const CONTRACT = './electron/contract';
const CORE = './electron/core';
const MAIN = './electron/main';
const PRELOAD = './electron/preload';
const RENDERER = './renderer';
const CLI = './cli';
const ISSUER = './issuer';

const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const LAYERS = [
  zone(CONTRACT, [CORE, MAIN, PRELOAD, RENDERER, CLI, ISSUER], 'The contract imports nothing of the app.'),
  zone(CORE, [MAIN, PRELOAD, RENDERER, CLI, ISSUER], 'The core never depends on the Electron shell, the UI, the CLI or the issuer.'),
  zone([MAIN, PRELOAD], [RENDERER, CLI, ISSUER], 'The Electron shell uses the contract and the core only.'),
  zone(CLI, [MAIN, PRELOAD, RENDERER, ISSUER], 'The CLI uses the contract and the core only; the issuer is a separate program.'),
  zone(RENDERER, [CORE, MAIN, PRELOAD, CLI, ISSUER], 'The renderer sees the contract types only and talks through window.api.'),
  zone(ISSUER, CORE, 'The issuer shares only electron/core/pki (pure functions).', ['./pki']),
  zone(ISSUER, CONTRACT, "The issuer shares only the protocol's problem codes of the contract.", ['./problem-codes.ts']),
  zone(ISSUER, [MAIN, PRELOAD, RENDERER, CLI], 'The issuer is a separate program: it imports nothing of the app.'),
];

const packages = (...rules) => ({
  'no-restricted-imports': ['error', { patterns: rules.map(([regex, message]) => ({ regex, message })) }],
});
const ELECTRON = ['^electron(/|$)', 'Only electron/main and electron/preload may import Electron.'];
const UI = ['^(react|react-dom|zustand)(/|$)', 'UI libraries belong to renderer/.'];
const MARKUP = 'The renderer shows text, never markup: render it as a React child (docs/security/client-transport.md).';
const MARKUP_SINKS = [
  "JSXAttribute[name.name='dangerouslySetInnerHTML']",
  'MemberExpression[property.name=/^(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)$/]',
  "NewExpression[callee.name='DOMParser']",
  "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
].map((selector) => ({ selector, message: MARKUP }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYERS }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['electron/contract/**', 'electron/core/**', 'cli/**', 'issuer/**'], rules: packages(ELECTRON, UI) },
  { files: ['electron/main/**', 'electron/preload/**'], rules: packages(UI) },
  // The preload runs sandboxed: Electron's renderer modules and the contract's types only; no Node
  // built-ins, and none of the core (it runs in the main process, behind the router).
  {
    files: ['electron/preload/**'],
    rules: {
      ...packages(UI, ['^(node:.*|fs|path|child_process|os|crypto)$', 'The sandboxed preload has no Node built-ins.']),
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: [...LAYERS, zone(PRELOAD, CORE, 'The preload reaches the core only through IPC.')] },
      ],
    },
  },
  // The renderer runs in a browser window: browser globals instead of Node's, no Node built-ins,
  // and of the app only the contract (the zones above); its host is reached through window.api.
  {
    files: ['renderer/**'],
    languageOptions: {
      globals: { ...Object.fromEntries(Object.keys(globals.node).map((name) => [name, 'off'])), ...globals.browser },
    },
    rules: {
      ...packages(ELECTRON, [
        '^(node:.*|fs|path|child_process|os|crypto)$',
        'The renderer has no Node: it asks its host through window.api.',
      ]),
      // Texts from servers and stores reach the screens (a certificate's names, a check's evidence):
      // React renders them as text; nothing may turn text into markup (issue 9, finding 4).
      'no-restricted-syntax': ['error', ...MARKUP_SINKS],
    },
  },
  // Its build config and the developer's screenshot script run in Node, beside the renderer.
  {
    files: ['renderer/vite.config.ts', 'renderer/dev/screenshots.ts'],
    languageOptions: { globals: globals.node },
    rules: packages(ELECTRON),
  },
);
