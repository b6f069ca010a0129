// ESLint flat config for the front end: `npm --prefix frontend run lint` (and `make lint`).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Feature folders (src/features/<area>/) are independent: one feature does not import
// another, so a screen can be changed or removed without reading the rest. Code that
// several features need lives in src/lib (data, queries, helpers) or src/components
// (shared UI); src/app composes the features into the window and may import them all.
const featuresDir = fileURLToPath(new URL('./src/features/', import.meta.url));
const features = readdirSync(featuresDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const crossFeatureMessage =
  'A feature does not import another feature: move what both need into src/lib or src/components, ' +
  'or compose the two in src/app (see eslint.config.js).';
const climbMessage =
  "Reach your own feature's code with ./ or ../ and everything else through the @/ alias, " +
  'where the feature boundary is checked.';

// The imports one feature may still make from another, each with the reason. Keep the
// list short: every entry is a module path, so a new cross-feature import still fails.
const allowedCrossFeature = {
  'requests/components/RequestDetailPage.tsx': [
    // The request screen is where a request's vendor tasks, letters and disclosures are
    // worked: it embeds each feature's panel, which that feature owns and tests.
    '@/features/vendors/components/VendorTasksPanel',
    '@/features/letters/components/RequestLetters',
    '@/features/disclosures/components/DisclosuresPanel',
    // Invalidates the vendor lists after a task changes on the request screen.
    '@/features/vendors/api/vendors',
  ],
  'vendors/components/VendorTasksPanel.tsx': [
    // A vendor task's direction letter is made from the task row; the letters feature
    // owns letter making.
    '@/features/letters/components/RequestLetters',
    // "Direct all vendors" makes every task's direction letter in one batch, from the
    // panel; the letters feature owns it.
    '@/features/letters/components/DirectAllVendors',
  ],
  'requests/components/IntakePage.tsx': [
    // App-wide, read-only data: the practice profile (edited in Settings) gives the
    // default regime and promised periods.
    '@/features/settings/api/settings',
  ],
  'requests/components/RequestsListPage.tsx': [
    // The empty request list offers the example practice, as the dashboard does.
    '@/features/shell/components/LoadExampleButton',
  ],
  'requests/components/RequestsRoutes.tsx': [
    // Screens not built yet show the same placeholder as the other unfinished pages.
    '@/features/placeholder/components/ComingSoon',
  ],
  'shell/components/ZoneConfirmModal.tsx': [
    // The first start confirms the practice's time zone and holiday country, which
    // Settings owns: its lists and the confirmation call.
    '@/features/settings/api/settings',
  ],
  'readiness/components/ReadinessPage.tsx': [
    // The time zone item is fixed by the first start's own question.
    '@/features/shell/components/ZoneConfirmModal',
  ],
  'dashboard/components/DashboardPage.tsx': [
    // The practice profile names the practice on the dashboard (read only).
    '@/features/settings/api/settings',
    // The empty dashboard offers the example practice.
    '@/features/shell/components/LoadExampleButton',
  ],
};

function featureBoundary(feature, allowed = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // Any @/features/ path except the feature's own and the allowed modules.
            regex: `^@/features/(?!${feature}(/|$)${allowed.map((p) => `|${p.slice('@/features/'.length)}$`).join('')})`,
            message: crossFeatureMessage,
          },
          { regex: '^(\\.\\./){2,}', message: climbMessage },
        ],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'wailsjs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      // Unused names are errors, except a leading underscore, which marks a parameter an
      // interface requires and the body does not need.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The app is not built with the React Compiler; this warning only says the compiler
      // would not memoize a component that uses TanStack Table or Virtual.
      'react-hooks/incompatible-library': 'off',
      // Missing effect dependencies are errors, not warnings: a deliberate omission is
      // marked on its line with the reason.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // One block per feature: it may import itself, src/lib and src/components only.
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: featureBoundary(feature),
  })),
  // The listed files may also import the modules their entry names (later blocks win).
  ...Object.entries(allowedCrossFeature).map(([file, allowed]) => ({
    files: [`src/features/${file}`],
    rules: featureBoundary(file.split('/')[0], allowed),
  })),
  // Shared code does not depend on any feature.
  {
    files: ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/features/*', '@/app/*'], message: 'Shared code (src/lib, src/components) does not import features or the app shell.' }] },
      ],
    },
  },
  // Tests: the test helpers fake the Go bindings and use any feature's types.
  {
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.vitest } },
    rules: {
      // Tests fake the Wails bindings (window.go, window.runtime) and reach into mocks'
      // call arguments; typing those fakes would restate the generated bindings.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Node scripts: the end-to-end runner and the build configuration.
  {
    files: ['e2e/**/*.mjs', '*.config.{js,ts,cjs}', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The e2e scripts run code inside the page with page.evaluate, where the browser's
    // globals exist.
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
