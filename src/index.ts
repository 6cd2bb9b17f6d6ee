// The package's root export: the small runtime that generated code imports (validators, CEL rules,
// converters, metadata types). It must never reach @kubernetes/client-node, an optional peer dependency
// needed only by "protoc-gen-crd-ts/runtime" (the HealthEvent store); test/package/import-graph.test.ts checks it.
export * from "./validation/index.js";
export * from "./cel/index.js";
export * from "./conversion/index.js";
export * from "./types/index.js";
