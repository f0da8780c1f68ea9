// Layering of ARCHITECTURE.md §4, enforced inside `npm run check`.
const drivers = '^(node_modules/)?(pg|@electric-sql/pglite|ioredis|@nats-io/[^/]+|etcd3)(/|$)';
module.exports = {
  forbidden: [
    {
      name: 'service-to-service',
      comment: 'A service imports only contracts/ and platform/, never another service.',
      severity: 'error',
      from: { path: '^services/([^/]+)/', pathNot: '^services/[^/]+/test/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'service-tests-start-other-services-whole',
      comment:
        "A service's tests may start the services it works with (their src/service.ts, as the launcher does), never import their insides.",
      severity: 'error',
      from: { path: '^services/([^/]+)/test/' },
      to: { path: '^services/([^/]+)/', pathNot: ['^services/$1/', '^services/[^/]+/src/service\\.ts$'] },
    },
    {
      name: 'services-see-only-contracts-and-platform',
      severity: 'error',
      from: { path: '^services/' },
      to: { path: '^(tests|bench|launch|apps)/' },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(platform|services|tests|bench|apps)/' },
    },
    {
      name: 'platform-never-imports-services',
      severity: 'error',
      from: { path: '^platform/' },
      to: { path: '^(services|tests|bench|apps)/' },
    },
    {
      name: 'apps-talk-to-the-gateway-over-http-only',
      comment: 'A web app imports only its own files and its packages; the API reaches it as HTTP, typed from docs/openapi.json.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^(contracts|platform|services|tests|bench|launch|apps)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'drivers-only-in-platform-adapters',
      comment: 'Only platform/ imports the drivers; business code goes through the ports.',
      severity: 'error',
      from: { pathNot: '^platform/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown'], path: drivers },
    },
    {
      name: 'imports-are-declared',
      comment:
        "A workspace imports only the packages its own package.json declares (the root's do not count), so each one says what it needs.",
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^data/', '^apps/[^/]+/dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.vue'],
    },
  },
};
