// Lint rules the build enforces (`npm run lint`, part of `npm test`). Type-aware rules are left
// out on purpose: `tsc` already checks types, and the syntactic rules keep the lint run fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // TypeScript reports undefined names itself, with better knowledge of types and globals.
      'no-undef': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Shipped code: no `any`, and never markup from strings (every attribute and config value is hostile).
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Build DOM nodes; never parse markup from data.' },
        { property: 'outerHTML', message: 'Build DOM nodes; never parse markup from data.' },
        { property: 'insertAdjacentHTML', message: 'Build DOM nodes; never parse markup from data.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No markup from data.' },
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.name='document']",
          message: 'No document.write.',
        },
      ],
    },
  },
  {
    // The shared validators reject control characters in text on purpose.
    files: ['src/core/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Preact components and hooks.
    files: ['src/**/*.tsx', 'src/app/**/*.ts', 'src/portal/**/*.ts', 'src/embed/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // Tests build hostile inputs and read loosely typed answers on purpose; `any` stays out of src.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The server files share one module graph per worker (`isolate: false` in vitest.config.ts):
    // a mocked module or a stubbed global would leak into the next file.
    files: ['test/server/**/*.ts'],
    ignores: ['test/server/delivery/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['mock', 'doMock', 'stubGlobal', 'stubEnv', 'spyOn', 'useFakeTimers'].map((property) => ({
          object: 'vi',
          property,
          message: 'Server files share modules; start an API with options instead of stubbing.',
        })),
      ],
    },
  },
);
