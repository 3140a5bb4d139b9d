// npm run lint: ESLint 9 (flat config) with @eslint/js's and typescript-eslint's recommended rules over
// every TypeScript and JavaScript file of the repository. Where a recommended rule flags a pattern the
// code uses on purpose, its options say so below, with the reason. Findings that are real but sit in
// code other people own are listed, per file and rule, in eslint-suppressions.json (ESLint's bulk
// suppressions): they do not fail the lint, a new one does, and `npx eslint --prune-suppressions`
// drops the entries once they are fixed.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's globals, for the CommonJS files (the bin shim, jest's config and global setup). */
const NODE_GLOBALS = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' };

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { hash: _hash, ...line } = event` leaves a key out of a copy, and `_next` keeps express's
      // four-argument error-handler signature: a leading underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Two regular expressions match control characters because that is their job: JSON's escaping
      // (shared/core/src/canonicalJson.ts) and the EMV QR code's validation (shared/core/src/pix/brCode.ts).
      'no-control-regex': 'off',
      // Augmenting express's Request (`declare global { namespace Express { interface Request extends
      // RequestContext {} } }`) is how express's own types are extended; it needs both forms.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `let timer` declared before the closure that clears it, assigned once right after.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Loaded with require on purpose: fernet ships no types, openapi-typescript is a dev dependency
      // loaded only when the client is generated.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^fernet$', '^openapi-typescript$'] }],
    },
  },
  {
    // Tests, their harnesses, the benchmarks and the demo read JSON answers loosely (`body: any`), as a
    // merchant's integration does; the domain code keeps `unknown` and narrows.
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'scripts/bench/**/*.ts', 'scripts/demo/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS by design: the bin shim, jest's config and its global setup and teardown.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
  },
  {
    // The k6 script runs in k6, not node: ES modules, k6's globals.
    files: ['scripts/load/k6/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', open: 'readonly', console: 'readonly' } },
  },
);
