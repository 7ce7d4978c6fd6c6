/**
 * The import rules of src/ and local/, checked by `npm test` (dependency-cruiser 17: version 18
 * needs Node 22, and this project runs on Node 20). Each folder's README states its rule in words;
 * this file is the same rule, so the two cannot drift apart without a test failing.
 *
 * A folder may import only itself and the folders listed for it. Dependencies point downward:
 * the HTTP layer on top, the API families below it, the lake, the clients and the store under
 * those, and the pure conventions, Delta library and small helpers at the bottom.
 */
const MAY_IMPORT = {
  "aep-conventions": [],
  util: [],
  security: [],
  delta: ["util"],
  databricks: ["security", "util"],
  "delta-sharing": ["delta", "security", "util"],
  store: ["aep-conventions"],
  ims: ["aep-conventions"],
  sandboxes: ["aep-conventions"],
  identity: ["aep-conventions", "store"],
  schemaregistry: ["aep-conventions", "store", "databricks", "identity"],
  dataprep: ["aep-conventions", "store", "schemaregistry", "delta", "databricks", "util"],
  catalog: ["aep-conventions", "store", "schemaregistry", "lake"],
  "landing-zone": ["aep-conventions", "store", "util"],
  flowservice: ["aep-conventions", "store", "security", "databricks", "delta-sharing", "catalog", "schemaregistry", "landing-zone"],
  lake: ["delta", "store", "dataprep", "schemaregistry", "util"],
  export: ["aep-conventions", "store", "catalog", "lake"],
  dataflows: ["aep-conventions", "store", "security", "flowservice", "dataprep", "schemaregistry", "catalog", "databricks"],
  runs: ["aep-conventions", "store", "databricks", "delta-sharing", "dataflows", "dataprep", "flowservice", "lake", "landing-zone", "schemaregistry", "delta", "util"],
  notifications: ["aep-conventions", "store", "runs", "security", "util"],
  process: ["store", "security", "util", "config.ts"],
  "command-line": ["util"],
  "console-host": ["aep-conventions"],
};

/** "store" is the folder src/store/, "config.ts" the file src/config.ts */
const pathOf = (item) => (item.endsWith(".ts") ? `^src/${item.replace(".", "\\.")}$` : `^src/${item}/`);

const folderRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
  name: `${folder}-imports`,
  comment: `src/${folder} may import only ${allowed.length ? allowed.map((f) => `src/${f}`).join(", ") : "itself"} (see its README)`,
  severity: "error",
  from: { path: `^src/${folder}/` },
  to: { path: "^(src|local)/", pathNot: [`^src/${folder}/`, ...allowed.map(pathOf)] },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycles, between files or folders",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...folderRules,
    {
      name: "http-only-above-families",
      comment: "nothing but the entry points imports src/http (the families expose services and route registrations)",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/http/", "^src/(service|cli|logger)\\.ts$"] },
      to: { path: "^src/http/" },
    },
    {
      name: "entry-points-on-top",
      comment: "src/service.ts wires the parts together, src/service-start.ts starts them and src/cli.ts picks the command; nothing else imports them",
      severity: "error",
      from: { pathNot: "^src/(cli|service-start)\\.ts$" },
      to: { path: "^src/(service|service-start|cli)\\.ts$" },
    },
    {
      name: "service-loaded-after-settings",
      comment: "src/cli.ts loads src/service-start.ts (and through it DuckDB, Azurite, the service) by import() once the settings are read, so a wrong setting is answered at once",
      severity: "error",
      from: { path: "^src/cli\\.ts$" },
      to: { path: "^src/service-start\\.ts$", dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "product-talks-to-local-over-http",
      comment: "src/ never imports local/ (the product reaches the local workspace only over HTTP); service-start.ts wires the embedded services",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/service-start\\.ts$" },
      to: { path: "^local/" },
    },
    {
      name: "local-uses-only-delta",
      comment: "local/ may use src/delta (the Delta library) and nothing else of src/",
      severity: "error",
      from: { path: "^local/" },
      to: { path: "^src/", pathNot: "^src/delta/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
