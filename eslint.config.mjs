// Lint with type information: floating promises and misused promises are the bugs that
// cost the most in a NestJS server, and they are only visible to a typed lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/web/public/**', '.data/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through @lt/config.' },
      ],
    },
  },
  {
    // One way to write a change (libs/commands): the runner opens the transaction and kicks the
    // relay. An exception says why on the line before, with an eslint-disable comment.
    files: ['libs/**', 'apps/api/**', 'apps/worker/**'],
    ignores: ['libs/commands/**', 'libs/config/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through @lt/config.' },
        { selector: "CallExpression[callee.property.name='transaction']", message: 'Write through the command runner (libs/commands): CommandRunner.run or change.' },
        { selector: "CallExpression[callee.property.name='kick']", message: 'The command runner kicks the relay after the commit.' },
      ],
    },
  },
  {
    files: ['libs/config/**', 'scripts/**', 'test/**', 'apps/cli/**', 'apps/api/src/data-source.ts', 'bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
