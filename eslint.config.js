// Lint, including the layering rules of docs/architecture.md: a forbidden import fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Import patterns a layer may never use: a gitignore-style group, or a regex for bare packages. */
const forbid = (...rules) => ({
  'no-restricted-imports': ['error', {
    patterns: rules.map(([pattern, message]) => (typeof pattern === 'string' ? { regex: pattern, message } : { group: pattern, message })),
  }],
});
// Bare package names only: a relative path such as ../electron/core must not match.
const ELECTRON = ['^electron(/|$)', 'Only electron/main and electron/preload may import Electron.'];
const REACT = ['^(react|react-dom|zustand)(/|$)', 'UI libraries belong to renderer/.'];
const RENDERER = [['**/renderer/**'], 'Nothing imports the renderer; it talks through window.api.'];
const MAIN = [['**/electron/main/**', '**/electron/preload/**'], 'The core and the CLI never depend on the Electron shell.'];
const CLI = [['**/cli/**'], 'The CLI is a leaf: nothing imports it.'];
const ISSUER = [['**/issuer/**'], 'The issuing service is a separate program; the app never imports it.'];
const CORE = [['**/electron/core/**'], 'This layer may use only the contract.'];
const CORE_BUT_PKI = [['**/electron/core/*', '!**/electron/core/pki', '**/electron/core/!(pki)/**', '**/electron/main/**', '**/electron/preload/**', '**/electron/contract/*', '!**/electron/contract/problem-codes'], 'The issuer shares only electron/core/pki (pure functions) and the protocol\'s problem codes.'];
const APP_BUT_CONTRACT = [['**/electron/!(contract)/**', '**/electron/!(contract)'], 'The renderer sees the contract types only.'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  { files: ['electron/contract/**'], rules: forbid(ELECTRON, REACT, RENDERER, CLI, ISSUER, CORE, [['**/electron/main/**', '**/electron/preload/**'], 'The contract imports nothing of the app.']) },
  { files: ['electron/core/**'], rules: forbid(ELECTRON, REACT, RENDERER, MAIN, CLI, ISSUER) },
  { files: ['electron/main/**', 'electron/preload/**'], rules: forbid(REACT, RENDERER, CLI, ISSUER) },
  { files: ['cli/**'], rules: forbid(ELECTRON, REACT, RENDERER, MAIN, ISSUER) },
  { files: ['issuer/**'], rules: forbid(ELECTRON, REACT, RENDERER, MAIN, CLI, CORE_BUT_PKI) },
  { files: ['renderer/**'], rules: forbid(ELECTRON, CLI, ISSUER, APP_BUT_CONTRACT) },
);
