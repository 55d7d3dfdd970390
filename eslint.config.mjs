// Type-aware lint for the service and its tests. The layering rules at the bottom keep lower layers
// (config, common, database, the pure text library) free of feature imports, and pure files free of Nest.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FEATURE_FOLDERS = [
  'app',
  'articles',
  'auth',
  'claims',
  'clusters',
  'extraction',
  'fact-checks',
  'health',
  'metrics',
  'queue',
  'recovery',
  'retention',
  'review-tasks',
  'verification',
  'webhooks',
  'console',
  'events',
  'matching',
  'rate-limits',
  'queue-board',
  'workflow',
];
const PURE_FORBIDDEN = ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'bullmq', 'ioredis'];
const featureImports = FEATURE_FOLDERS.flatMap((folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}`, `../../${folder}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'dist-tools/**', 'node_modules/**', 'coverage/**', 'console/dist/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The probe files exist only inside test/lint/lint-rules.spec.ts (linted from stdin).
        projectService: { allowDefaultProject: ['src/common/lint-probe.ts', 'src/text/lint-probe.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest and TypeORM hand us `any` at their edges; these would be noise there, not safety.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Stripping NUL and other control characters is deliberate input hygiene here.
      'no-control-regex': 'off',
      // domhandler's ElementType is a string enum that its own docs compare with literals.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Lower layers: no feature folder. (Deliberate violation, for the record: `import { ClaimStatus } from
    // '../claims/claim-status'` in src/common/ fails with "no-restricted-imports"; test/lint-rules.spec covers it.)
    files: ['src/config/**/*.ts', 'src/common/**/*.ts', 'src/database/**/*.ts', 'src/text/**/*.ts', 'src/logging/**/*.ts'],
    ignores: ['src/database/migrations/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: featureImports, message: 'Lower layers (config, common, database, text, logging) must not import feature folders.' },
          ],
        },
      ],
    },
  },
  {
    // The pure text library is plain functions: no Nest, no database, no feature.
    files: ['src/text/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: featureImports, message: 'Lower layers (config, common, database, text) must not import feature folders.' },
            { group: PURE_FORBIDDEN, message: 'Pure modules import no Nest, database or queue code.' },
          ],
        },
      ],
    },
  },
  {
    // State machines and other modules marked pure (`*-status.ts`, `*.pure.ts`): no Nest, no database.
    files: ['src/**/*-status.ts', 'src/**/*.pure.ts', 'src/**/review-priority.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: PURE_FORBIDDEN, message: 'Pure modules import no Nest, database or queue code.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
