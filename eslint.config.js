import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', window: 'readonly', document: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Layering (docs/architecture.md): shared and engines stay free of server and web code; web never imports server.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/shared/**', 'src/engines/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**'] }] },
  },
  {
    files: ['src/web/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/engines/**'] }] },
  },
  {
    // One clock (src/server/lib/clock.ts): rules that depend on the date read deps.clock, so tests can pin it.
    files: ['src/server/**', 'src/engines/**', 'src/shared/**', 'src/cli/**'],
    ignores: ['**/*.test.ts', 'src/server/lib/clock.ts', 'src/server/db/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from deps.clock (src/server/lib/clock.ts), not new Date().' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time from deps.clock (src/server/lib/clock.ts), not Date.now().' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
