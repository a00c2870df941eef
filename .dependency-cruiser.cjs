// Layer rules of src/ (`npm run lint:layers`, part of `npm test`). ARCHITECTURE.md explains the layers.
//   core   : shared contracts (zod schemas, pure functions); imports nothing of ours.
//   client : the claim-submission module; only core.
//   embed  : the tile and overlay; core, client (its ESM entry re-exports the client on purpose) and locales.
//   app    : the Resolve flow; core, client and locales.
//   portal : the merchant portal; core, client, locales and embed (the live preview renders the real tile).
//   server : the reference API; core and locales, never browser code.
// Nothing in src imports demo/ or test/.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-never-imports-demo-or-test',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(demo|test)/' },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(?!core/)|locales/)' },
    },
    {
      name: 'client-only-core',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^(src/(?!core/|client/)|locales/)' },
    },
    {
      name: 'embed-only-core-client-locales',
      severity: 'error',
      from: { path: '^src/embed/' },
      to: { path: '^src/(?!core/|client/|embed/)' },
    },
    {
      name: 'app-only-core-client-locales',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(?!core/|client/|app/)' },
    },
    {
      name: 'portal-only-core-client-embed-locales',
      severity: 'error',
      from: { path: '^src/portal/' },
      to: { path: '^src/(?!core/|client/|embed/|portal/)' },
    },
    {
      name: 'server-never-browser-code',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(client|embed|app|portal)/' },
    },
    {
      name: 'browser-code-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(core|client|embed|app|portal)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-no-server-packages',
      severity: 'error',
      from: { path: '^src/(core|client|embed|app|portal)/' },
      to: { path: 'node_modules/(pg|@electric-sql/pglite|hono|@hono/node-server|file-type|busboy|@aws-sdk)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
