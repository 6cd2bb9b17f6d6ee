// The status and scale subresources as the apiextensions-apiserver applies them around validation
// (k8s.io/apiextensions-apiserver/pkg/registry/customresource): strategy.go PrepareForCreate drops
// status and PrepareForUpdate keeps the stored status when the status subresource is on;
// status_strategy.go PrepareForUpdate keeps everything of the stored object but status, then validates
// the whole object (paths stay rooted at the object: `status.x`); the /scale write sets the replicas at
// specReplicasPath; validator.go ValidateScaleSpec/ValidateScaleStatus check the replicas paths.
import type { CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { type FieldError, invalid } from "./field-error.js";
import { cloneJson, isObject } from "./json-value.js";

export type Subresource = "status" | "scale";

type Scale = NonNullable<NonNullable<CustomResourceDefinitionVersion["subresources"]>["scale"]>;

/** What the apiserver answers for a path it does not serve (HTTP 404). */
export const NOT_FOUND = "the server could not find the requested resource";

/**
 * The object the apiserver validates and stores: `object` as written (already pruned and defaulted),
 * adjusted for the status subresource and for a write to a subresource.
 */
export function prepareObject(
  version: CustomResourceDefinitionVersion,
  object: Record<string, unknown>,
  old: Record<string, unknown> | undefined,
  subresource: Subresource | undefined,
): Record<string, unknown> {
  const statusEnabled = version.subresources?.status !== undefined;
  if (subresource === "status") {
    const next = cloneJson(old ?? {}) as Record<string, unknown>;
    if (Object.hasOwn(object, "status")) next.status = object.status;
    else delete next.status;
    return next;
  }
  if (subresource === "scale") {
    const next = cloneJson(old ?? {}) as Record<string, unknown>;
    const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
    const scale = version.subresources?.scale;
    if (scale !== undefined && replicas !== undefined) setPath(next, pathOf(scale.specReplicasPath), replicas);
    return next;
  }
  if (!statusEnabled) return object;
  if (old === undefined) delete object.status;
  else if (Object.hasOwn(old, "status")) object.status = cloneJson(old.status);
  else delete object.status;
  return object;
}

function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, "").split(".");
}

function setPath(object: Record<string, unknown>, path: string[], value: unknown): void {
  let node = object;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Go's `%T` of a decoded JSON value. */
function goType(value: unknown): string {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  if (Array.isArray(value)) return "[]interface {}";
  if (value === null) return "<nil>";
  return "map[string]interface {}";
}

function goValue(value: unknown): string {
  if (value === null) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goValue).join(" ")}]`;
  if (isObject(value)) return `map[${Object.keys(value).sort().map((k) => `${k}:${goValue(value[k])}`).join(" ")}]`;
  return String(value);
}

/** unstructured.NestedInt64 (and NestedString): the value, or the accessor error Go reports. */
function nested(object: Record<string, unknown>, path: string[], expected: "int64" | "string"): { value: unknown; error?: string } {
  let node: unknown = object;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(node)) {
      const at = `.${path.slice(0, i).join(".")}`;
      return { value: undefined, error: `${at} accessor error: ${goValue(node)} is of the type ${goType(node)}, expected map[string]interface{}` };
    }
    if (!Object.hasOwn(node, path[i])) return { value: undefined };
    node = node[path[i]];
  }
  const ok = expected === "int64" ? typeof node === "number" && Number.isInteger(node) : typeof node === "string";
  if (!ok) return { value: undefined, error: `.${path.join(".")} accessor error: ${goValue(node)} is of the type ${goType(node)}, expected ${expected}` };
  return { value: node };
}

const MAX_INT32 = 2147483647;

function replicasErrors(object: Record<string, unknown>, jsonPath: string): FieldError[] {
  const { value, error } = nested(object, pathOf(jsonPath), "int64");
  const replicas = typeof value === "number" ? value : 0;
  if (error !== undefined) return [invalid(jsonPath, { goInt: replicas }, error)];
  if (replicas < 0) return [invalid(jsonPath, { goInt: replicas }, "should be a non-negative integer")];
  if (replicas > MAX_INT32) return [invalid(jsonPath, { goInt: replicas }, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

/** ValidateScaleSpec (not on a /status write) and ValidateScaleStatus of validator.go. */
export function validateScale(scale: Scale | undefined, object: Record<string, unknown>, subresource: Subresource | undefined): FieldError[] {
  if (scale === undefined) return [];
  const errors = subresource === "status" ? [] : replicasErrors(object, scale.specReplicasPath);
  errors.push(...replicasErrors(object, scale.statusReplicasPath));
  if (scale.labelSelectorPath !== undefined) {
    const { error } = nested(object, pathOf(scale.labelSelectorPath), "string");
    if (error !== undefined) errors.push(invalid(scale.labelSelectorPath, "", error));
  }
  return errors;
}
