// The package's root export: the small runtime that generated code imports (validation helpers and
// Kubernetes CEL). It must never reach @kubernetes/client-node, an optional peer dependency needed only by
// "protoc-gen-crd-ts/runtime" (the HealthEvent store); test/package/import-graph.test.ts checks it.
export * from "./validation/index.js";
export * from "./cel/index.js";
// Both define the same structural type (the contract between a compiled rule and the validators).
export type { CelOutcome } from "./validation/index.js";
