// ESLint (flat config): typescript-eslint's recommended rules, import circles, and the engine's
// boundary. `npm run lint` runs it with knip; `npm test` runs both first.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/clients/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      // A circle of imports (type-only ones too) makes load order matter and modules hard to move.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are what those patterns look for (storable text, WHOIS, CSV fields).
      'no-control-regex': 'off',
      // Japanese text holds full-width spaces on purpose; outside strings, comments and patterns it is still an error.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipRegExps: true, skipTemplates: true }],
    },
  },
  {
    // The CLI loads each command's modules only when that command runs (start-up time, issue 19).
    files: ['src/cli/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read JSON answers whose shape the assertion states.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The engine is pure: no framework, storage, network or service, and nothing from the shell around it.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '**/cli/**', '**/screening/**', '**/knowledge/**', '**/eval/**', '**/bench/**'], message: 'src/engine imports nothing from the rest of shinsa.' },
            { group: ['@nestjs/*', 'typeorm', 'bullmq', 'pg', 'pg-*', 'ioredis', 'redis', 'fastify', '@fastify/*'], message: 'src/engine stays free of frameworks, storage and queues.' },
            { group: ['node:fs', 'fs', 'node:net', 'net', 'node:http', 'http', 'node:https', 'https', 'node:child_process', 'child_process'], message: 'src/engine does no I/O.' },
          ],
        },
      ],
    },
  },
);
