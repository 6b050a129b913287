// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const corePackages = [
  'ir',
  'decoder',
  'encoder',
  'validator',
  'text',
  'engine',
  'wasi',
  'wast',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/*.d.ts',
      'tools/**/*.mjs',
      'tests/**/*.mjs',
      'examples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: corePackages.map((pkg) => `packages/${pkg}/src/**/*.ts`),
    ignores: [
      'packages/wasi/src/node/**',
      '**/*.test.ts',
      '**/*.test.*.ts',
      '**/*.test-util.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Core packages run in browsers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tool configuration files are loaded through their default export.
    files: ['*.config.js', '*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      'no-restricted-syntax': 'off',
    },
  },
);
