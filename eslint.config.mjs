// Flat config: typescript-eslint's recommended rules, plus the one layering rule DESIGN.md
// insists on — only src/extension/ may import 'vscode'.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    ignores: ['src/extension/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: "Only src/extension/ imports 'vscode' (DESIGN.md)." }] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'vm', 'vscode'], message: 'The engine is pure TypeScript: no Node built-ins, no vscode.' }],
      }],
    },
  },
);
