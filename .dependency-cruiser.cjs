// Layer rules of src/ (`npm run lint:layers`, part of `npm test`). ARCHITECTURE.md explains the layers.
//   core   : shared contracts (zod schemas, pure functions); imports nothing of ours.
//   client : the claim-submission module; only core.
//   embed  : the tile and overlay; core, client (its ESM entry re-exports the client on purpose) and locales.
//   web    : what the pages we host (flow, portal) share: i18next setup, zod's CSP setting, boot JSON; only core.
//   app    : the Resolve flow; core, client, web and locales.
//   portal : the merchant portal; core, client, web, locales and embed (the live preview renders the real tile).
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
      name: 'web-only-core',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^(src/(?!core/|web/)|locales/)' },
    },
    {
      name: 'app-only-core-client-web-locales',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(?!core/|client/|web/|app/)' },
    },
    {
      name: 'portal-only-core-client-web-embed-locales',
      severity: 'error',
      from: { path: '^src/portal/' },
      to: { path: '^src/(?!core/|client/|web/|embed/|portal/)' },
    },
    {
      name: 'server-never-browser-code',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(client|embed|web|app|portal)/' },
    },
    {
      name: 'browser-code-no-node-builtins',
      severity: 'error',
      from: { path: '^src/(core|client|embed|web|app|portal)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-code-no-server-packages',
      severity: 'error',
      from: { path: '^src/(core|client|embed|web|app|portal)/' },
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
