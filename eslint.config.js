import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

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
    // Type-aware rules: promises are awaited or handled, awaits are of thenables, switches over unions
    // are exhaustive, and no assertion (`!`, `as`) repeats what the types already guarantee.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // No import cycles between modules: a cycle means two modules that cannot be understood apart.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.tsx'], 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }] },
  },
  {
    files: ['src/web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
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
  {
    // SQL only in repositories (docs/architecture.md, "A server module"): a module's services, routes,
    // policies and other files build no query and open no transaction of their own; they call a
    // *.repository.ts and write inside inTransaction. A rule of its own rather than a second
    // no-restricted-syntax, which would replace the clock block's selectors for these files.
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    // Besides repositories: the database layer itself, inTransaction, and the test harness.
    ignores: ['**/*.repository.ts', '**/*.test.ts', 'src/server/db/**', 'src/server/lib/transaction.ts', 'src/server/test/**'],
    plugins: {
      'aiep-sql': {
        rules: {
          'only-in-repositories': {
            meta: {
              type: 'problem',
              schema: [],
              messages: {
                query: '`.{{name}}(…)` builds SQL: move the query into the owning module’s *.repository.ts (writes inside inTransaction).',
                sql: 'kysely’s `sql` belongs in a *.repository.ts, not here.',
              },
            },
            create: (context) => ({
              'CallExpression > MemberExpression.callee > Identifier.property[name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|with|withRecursive|transaction)$/]': (node) =>
                context.report({ node, messageId: 'query', data: { name: node.name } }),
              "ImportDeclaration[source.value='kysely'][importKind!='type'] > ImportSpecifier[imported.name='sql'][importKind!='type']": (node) => context.report({ node, messageId: 'sql' }),
              "TaggedTemplateExpression > Identifier.tag[name='sql']": (node) => context.report({ node, messageId: 'sql' }),
            }),
          },
        },
      },
    },
    rules: { 'aiep-sql/only-in-repositories': 'error' },
  },
);
