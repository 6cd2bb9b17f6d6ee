// protoc-gen-crd-ts's root export: the small runtime that generated code imports (validators, CEL rules,
// converters, metadata types). It does not pull in the Kubernetes client; the store is `protoc-gen-crd-ts/runtime`.
export * from "./validation/index.js";
export * from "./cel/index.js";
export * from "./conversion/index.js";
export * from "./types/index.js";
// Both define the outcome of a compiled rule (the same shape); the validators' name is the one exported.
export type { CelOutcome } from "./validation/index.js";
