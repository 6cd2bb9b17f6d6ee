// x-kubernetes-validations evaluated the way apiextensions-apiserver's schema/cel Validator walks an
// object: rules of every node with a non-null value, transition rules only where the old object has a
// correlated value (through properties, map keys and list-type=map keys; never through atomic or set
// lists), unless optionalOldSelf. CEL itself is src/cel; this file only adapts it.
import { CelCompileError, compileCelRule, OUT_OF_BUDGET, RUNTIME_CEL_COST_BUDGET, type CompiledCelRule } from "../cel/index.js";
import type { KubernetesVersion } from "../cel/library/versions.js";
import type { ValidationRule } from "../schema/kubernetes.js";
import { duplicate, type FieldError, forbidden, invalid, ROOT_FIELD, required } from "./field-error.js";
import { childPath, indexPath, keyPath } from "./field-path.js";
import { deepEqualJson, hasOwn, isObject } from "./json-value.js";
import { listMapCorrelation } from "./list-map-correlation.js";
import type { SchemaNode } from "./schema-node.js";

interface NodeRule {
  readonly rule: ValidationRule;
  readonly compiled?: CompiledCelRule;
  readonly compileError?: string;
  /** The rule's fieldPath as a Kubernetes field path relative to the node ("" for none). */
  readonly fieldPath: string;
}

export type CompiledRules = ReadonlyMap<SchemaNode, readonly NodeRule[]>;

/**
 * Compiles every rule of the structural schema (not inside allOf/anyOf/oneOf/not) once. `root` is the
 * resource root (it sees apiVersion, kind and metadata) unless `rootIsResource` is false.
 */
export function compileRules(root: SchemaNode, rootIsResource = true, kubernetesVersion?: KubernetesVersion): CompiledRules {
  const rules = new Map<SchemaNode, NodeRule[]>();
  const visit = (node: SchemaNode, isResourceRoot: boolean) => {
    if (node.rules.length > 0) rules.set(node, node.rules.map((rule) => compileRule(node, rule, isResourceRoot, kubernetesVersion)));
    for (const property of node.properties.values()) visit(property, property.embeddedResource);
    if (node.additionalProperties) visit(node.additionalProperties, node.additionalProperties.embeddedResource);
    if (node.items) visit(node.items, node.items.embeddedResource);
  };
  visit(root, rootIsResource || root.embeddedResource);
  return rules;
}

/** Rules that did not compile, as `<rule>: <compile error>`; the apiserver reports them on every write. */
export function ruleCompileErrors(rules: CompiledRules): string[] {
  return [...rules.values()].flatMap((list) => list.filter((r) => r.compileError !== undefined).map((r) => `${r.rule.rule}: ${r.compileError}`));
}

function compileRule(node: SchemaNode, rule: ValidationRule, isResourceRoot: boolean, kubernetesVersion?: KubernetesVersion): NodeRule {
  const fieldPath = normalizeFieldPath(rule.fieldPath ?? "", node);
  try {
    return { rule, fieldPath, compiled: compileCelRule(node.schema, rule, { isResourceRoot, kubernetesVersion }) };
  } catch (e) {
    const message = e instanceof CelCompileError || e instanceof Error ? e.message : String(e);
    return { rule, fieldPath, compileError: message };
  }
}

/** `.a['b.c'][1]` → `a.b.c[1]`, with keys of maps as `[key]`, the way the apiserver normalizes fieldPath. */
function normalizeFieldPath(fieldPath: string, node: SchemaNode): string {
  let out = "";
  let current: SchemaNode | undefined = node;
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;
  for (const m of fieldPath.matchAll(re)) {
    if (m[3] !== undefined) {
      out = indexPath(out, Number(m[3]));
      current = current?.items;
      continue;
    }
    const name = m[1] ?? m[2].replace(/\\(.)/g, "$1");
    const property: SchemaNode | undefined = current?.properties.get(name);
    if (property === undefined && current?.additionalProperties !== undefined) {
      out = keyPath(out, name);
      current = current.additionalProperties;
    } else {
      out = childPath(out, name);
      current = property;
    }
  }
  return out;
}

/** Sentinel for "the old object has no correlated value here". */
const NO_OLD = undefined;

export interface RuleWalk {
  /** Names the object in errors: "" for a resource (`<nil>`), e.g. "default" for a default value. */
  path?: string;
  /**
   * Ratcheting (CRDValidationRatcheting, GA in 1.33): a failing rule that does not use oldSelf, on a
   * value equal to its correlated old value, is reported here as a warning instead of an error.
   */
  ratchetingWarnings?: string[];
}

/** Evaluates the rules over `object` (and `oldObject` for transition rules). */
export function validateRules(object: unknown, oldObject: unknown, root: SchemaNode, rules: CompiledRules, options: RuleWalk = {}): FieldError[] {
  const out: FieldError[] = [];
  if (rules.size > 0) {
    // One runtime cost budget for all rules of the object; passing it, or a rule passing the per-call
    // limit, stops every further rule (apiextensions-apiserver schema/cel validation.go).
    const context = { rules, out, warnings: options.ratchetingWarnings, budget: RUNTIME_CEL_COST_BUDGET, stopped: false };
    walk(root, object, oldObject === null ? NO_OLD : oldObject, options.path ?? "", context);
  }
  return out;
}

interface WalkContext {
  rules: CompiledRules;
  out: FieldError[];
  warnings: string[] | undefined;
  budget: number;
  stopped: boolean;
}

function walk(node: SchemaNode, value: unknown, old: unknown, path: string, context: WalkContext): void {
  if (value === null || value === undefined || !node.within.rules || context.stopped) return;
  const nodeRules = context.rules.get(node);
  if (nodeRules !== undefined) evaluateNodeRules(node, nodeRules, value, old === null ? NO_OLD : old, path, context);
  if (Array.isArray(value)) {
    const items = node.items;
    if (items === undefined || !items.within.rules) return;
    const correlate = listMapCorrelation(node, old);
    for (let i = 0; i < value.length; i++) walk(items, value[i], correlate(value[i]), indexPath(path, i), context);
    return;
  }
  if (!isObject(value)) return;
  const oldMap = isObject(old) ? old : undefined;
  // Only children with rules at or below them are visited (their paths are built only then).
  const additional = node.additionalProperties;
  if (additional !== undefined && additional.within.rules) {
    for (const key of Object.keys(value)) walk(additional, value[key], oldOf(oldMap, key), keyPath(path, key), context);
  }
  if (node.properties.size > 0) {
    for (const key of Object.keys(value)) {
      const property = node.properties.get(key);
      if (property !== undefined && property.within.rules) walk(property, value[key], oldOf(oldMap, key), childPath(path, key), context);
    }
  }
}

function oldOf(oldMap: Record<string, unknown> | undefined, key: string): unknown {
  return oldMap !== undefined && hasOwn(oldMap, key) ? oldMap[key] : NO_OLD;
}

function evaluateNodeRules(node: SchemaNode, nodeRules: readonly NodeRule[], value: unknown, old: unknown, path: string, context: WalkContext): void {
  const { out, warnings } = context;
  const field = path === "" ? ROOT_FIELD : path;
  let unchanged: boolean | undefined;
  const isUnchanged = () => (unchanged ??= old !== NO_OLD && deepEqualJson(old, value));
  const schemaType = node.schema.type ?? "";
  if (context.budget <= 0 && nodeRules.some((r) => r.compiled !== undefined)) {
    out.push(invalid(field, schemaType, OUT_OF_BUDGET));
    context.stopped = true;
    return;
  }
  for (const { rule, compiled, compileError, fieldPath } of nodeRules) {
    if (context.stopped) return;
    if (compiled === undefined) {
      out.push(invalid(field, schemaType, `rule compile error: ${compileError}`));
      continue;
    }
    if (compiled.isTransitionRule && old === NO_OLD && rule.optionalOldSelf !== true) continue;
    let outcome;
    try {
      const budgeted = compiled.evaluateWithBudget(value, old, context.budget);
      outcome = budgeted.outcome;
      context.budget -= budgeted.cost;
      if (budgeted.stop) {
        context.stopped = true;
        const at = outcome.kind === "fail" && fieldPath !== "" ? (path === "" ? fieldPath : childPath(path, fieldPath)) : field;
        if (outcome.kind !== "pass") out.push(invalid(at, schemaType, outcome.message));
        return;
      }
    } catch (e) {
      outcome = { kind: "error" as const, message: `${e instanceof Error ? e.message : String(e)} evaluating rule: ${ruleErrorString(rule)}` };
    }
    if (outcome.kind === "pass") continue;
    if (outcome.kind === "error") {
      out.push(invalid(field, schemaType, outcome.message));
      continue;
    }
    const target = fieldPath === "" ? field : path === "" ? fieldPath : childPath(path, fieldPath);
    const error = errorForReason(rule.reason, target, schemaType, outcome.message);
    if (warnings !== undefined && !compiled.isTransitionRule && isUnchanged()) warnings.push(error.message);
    else out.push(error);
  }
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message !== undefined && rule.message.trim() !== "" ? rule.message.trim() : rule.rule.trim();
}

function errorForReason(reason: ValidationRule["reason"], field: string, schemaType: string, detail: string): FieldError {
  switch (reason) {
    case "FieldValueForbidden":
      return forbidden(field, detail);
    case "FieldValueRequired":
      return required(field, detail);
    case "FieldValueDuplicate":
      return duplicate(field, schemaType);
    default:
      return invalid(field, schemaType, detail);
  }
}
