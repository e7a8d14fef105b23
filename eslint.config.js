// Lint enforces STYLE.md's import table, so which process a file may run in is checked,
// not remembered.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = {
  // Bare names too ('fs', 'path/posix'): Node resolves them without the prefix.
  group: ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])],
  message: 'This folder runs outside Node (browser or anywhere); no node:* modules.',
};
const electron = {
  name: 'electron',
  message: 'Only main/shell/ may import electron; everything else must run in plain Node.',
};
/** Packages that only run in Node: a browser folder importing one would fail at build or run time. */
const nodeOnlyPackages = ['better-sqlite3', 'x11', 'get-windows', 'pg', 'fastify', 'fastify-*', '@fastify/*', 'kysely', 'pino'];
const electronGroup = {
  group: ['electron', 'electron/*'],
  message: 'Only main/shell/ may import electron; everything else must run in plain Node.',
};
/**
 * The agent's SQLite file belongs to its store (main/store/): one module per record kind owns
 * its SQL and maps its rows, so the wire shape of a record is written once on the agent's side.
 */
const agentSqlite = {
  group: ['better-sqlite3', '**/store/open.ts'],
  message: 'Only main/store/ opens the agent\'s database: use the LocalStore and its record modules (store.transaction(fn) for several writes at once).',
};
const agentSql = 'SQL on the agent\'s database lives in main/store/ (one module per record kind): add a method there, and use store.transaction(fn) for several writes at once.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, electronGroup, { group: ['**/main/**', '**/server/**', '**/renderer/**', '**/dashboard/**', '**/ui/**', ...nodeOnlyPackages, 'react', 'react-dom'], message: 'shared/ is used by every side; it imports only shared/ and pure packages.' }] }],
    },
  },
  {
    // The browser-only folder both UIs draw from: it knows neither of them, nor any Node code.
    files: ['ui/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, electronGroup, { group: ['**/main/**', '**/server/**', '**/renderer/**', '**/dashboard/**', ...nodeOnlyPackages], message: 'ui/ is shared by the agent UI and the dashboard: it imports only shared/ and browser packages.' }] }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, electronGroup, { group: ['**/main/**', '**/server/**', '**/dashboard/**', ...nodeOnlyPackages], message: 'The renderer reaches main only through the contract in shared/, and shares code with the dashboard only through ui/ and shared/.' }] }],
    },
  },
  {
    files: ['dashboard/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, electronGroup, { group: ['**/main/**', '**/server/**', '**/renderer/**', ...nodeOnlyPackages], message: 'The dashboard reaches the hub only over HTTP, and shares code with the agent UI only through ui/ and shared/.' }] }],
    },
  },
  {
    // Unit tests of browser code run in vitest's Node (they may read a stylesheet from disk).
    files: ['ui/**/*.test.ts', 'renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronGroup, { group: ['**/main/**', '**/server/**', '**/dashboard/**'], message: 'A browser folder\'s tests test that folder.' }] }],
    },
  },
  {
    files: ['main/**', 'server/**', 'bench/**', 'scripts/**', 'test/**', 'bin/**'],
    ignores: ['main/shell/**', 'main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronGroup] }],
    },
  },
  {
    // Tests may open a second connection to look at the file from outside (test/sqlite-file.ts).
    files: ['main/**'],
    ignores: ['main/store/**', 'main/shell/**', 'main/preload/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronGroup, agentSqlite] }],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/store/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='prepare']", message: agentSql },
        { selector: "CallExpression[callee.property.name='pragma']", message: agentSql },
        // db.exec('...'); a RegExp's exec takes the text to match, never a literal.
        { selector: "CallExpression[callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]", message: agentSql },
        { selector: "MemberExpression[property.name='db']", message: `The store's connection is its own. ${agentSql}` },
      ],
    },
  },
  {
    // The preload runs sandboxed in the page: it may require 'electron' (contextBridge,
    // ipcRenderer) and bundle shared/, nothing of Node and nothing of the main process.
    files: ['main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { regex: '^(?!electron$|\\./|\\.\\./\\.\\./shared/)', message: 'The preload bundles only shared/ (the contract, names only) and electron.' }] }],
    },
  },
  {
    // The shell is the only Electron main-process code; the agent it wires stays plain Node.
    files: ['main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '**/server/**', '**/preload/**'], message: 'The shell reaches the renderer only over IPC, and never the hub\'s code.' }, agentSqlite] }],
    },
  },
  {
    // The hub's running code never imports its test fakes (they serve tests and benchmarks).
    files: ['server/**'],
    ignores: ['server/**/testing/**', 'server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronGroup, { group: ['**/testing/**', '**/test/**', '**/bench/**'], message: 'Fakes and test helpers are for tests and benchmarks, not the running hub.' }] }],
    },
  },
  {
    // The job queue and the egress guard know nothing of what runs on them (CRMs, webhooks):
    // connectors plug into the queue, never the other way round (a type for a route is fine).
    files: ['server/jobs/**', 'server/egress/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/crm/**', '**/webhooks/**', '**/actuals/**'], allowTypeImports: true, message: 'The queue and the egress guard are generic; connectors depend on them, not the reverse.' }] }],
    },
  },
  {
    // The dashboard's data (day rollups, presence, exports) knows nothing of HTTP: the routes in
    // server/dashboard/ call it, so benchmarks, the demo and tests use it without a server.
    files: ['server/dashboard/rollups/**', 'server/dashboard/live/**', 'server/dashboard/exports/**', 'server/dashboard/demo/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['fastify', '@fastify/*', '**/routes/**', '**/http/**'], allowTypeImports: true, message: 'The dashboard\'s data layer is HTTP-free; its routes live beside it.' }] }],
    },
  },
  {
    // Plain JavaScript that Node runs as it is (TypeScript files get these from @types/node).
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['types/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
