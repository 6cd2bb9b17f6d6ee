// The schema keywords of a custom resource, checked the way kube-openapi's SchemaValidator does it
// (k8s.io/kube-openapi/pkg/validation/validate) and converted to field errors the way
// apiextensions-apiserver's ValidateCustomResource does. Paths are kube-openapi's: `spec.list[0]`,
// and map entries `spec.labels.key`.
//
// Each schema node is compiled once, at its first use, into a check with its keywords resolved (type
// outcome per kind, bounds, enum Set, pattern, format, property table, required list), so the walk does no
// keyword lookups. The path of a value is kept as a stack of keys and only turned into a string when an
// error is reported.
import { type FieldError, ROOT_FIELD, invalid, notSupported, required, tooMany, typeInvalid, withRule } from "./field-error.js";
import { goJson, goQuote, isInt64 } from "./go-text.js";
import { compileEnum } from "./enum-match.js";
import { deepEqualJson, depthExceeds, type JsonObject, MAX_DEPTH, type ValueKind } from "./json-value.js";
import { listMapCorrelation } from "./list-map-correlation.js";
import type { SchemaNode } from "./schema-node.js";
import { compileNumber, compileString } from "./scalar-keywords.js";
import { type Check, descend, fieldOf, INDEX, inBody, isScalar, MAP_KEY, type Old, oldProperty, pathOf, PROPERTY, type Walk } from "./schema-walk.js";

// Called directly in for-in loops, where V8 answers it from the enum cache.
const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * Validates `data` against `node`; `path` is kube-openapi's error name ("" at the root). With an old
 * object (an update), validation ratchets like the apiserver's (CRDValidationRatcheting, GA in 1.33):
 * a value equal to its correlated old value (through properties, map keys and list-type=map keys) is
 * not validated again, so rules tightened after it was stored do not reject it.
 */
export function validateAgainstSchema(node: SchemaNode, data: unknown, path = "", oldObject?: unknown): FieldError[] {
  const walk: Walk = { out: [], base: path, keys: [], steps: [], depth: 0, tracking: false, clean: true };
  checkOf(node)(data, walk, oldObject === undefined ? undefined : { value: oldObject });
  return walk.out;
}

/**
 * validateAgainstSchema of a resource on create, which also answers whether pruning would leave the
 * declared properties of the resource below `root` unchanged. The resource's own fields (metadata,
 * apiVersion, kind, undeclared fields) are the caller's to check (isCleanResourceShallow).
 */
export function validateResourceSchema(root: SchemaNode, data: unknown): { errors: FieldError[]; clean: boolean } {
  const walk: Walk = { out: [], base: "", keys: [], steps: [], depth: 0, tracking: true, clean: true };
  checkOf(root)(data, walk, undefined);
  return { errors: walk.out, clean: walk.clean };
}


const compiledChecks = new WeakMap<SchemaNode, Check>();

/** The compiled check of `node`, compiled at its first use (its children at theirs). */
function checkOf(node: SchemaNode): Check {
  let check = compiledChecks.get(node);
  if (check === undefined) {
    check = compileNode(node);
    compiledChecks.set(node, check);
  }
  return check;
}

/** The types a value of each kind fails against, or undefined where it passes (validateValue's checkType). */
function typeProblem(node: SchemaNode, kind: ValueKind): [typeName: string, actual: string] | undefined {
  const types = node.types;
  if (kind === "null") return types.length > 0 && !node.nullable ? [types.join(","), "null"] : undefined;
  if (types.length === 0 && node.format === "") return undefined;
  const dataFormat = kind === "integer" ? "int64" : kind === "number" ? "float64" : "";
  const isIntFloat = kind === "integer" && types.includes("number");
  const isScalar = kind !== "string" && kind !== "array";
  if (isScalar && node.format !== "" && !(types.includes(kind) || dataFormat === node.format || isIntFloat)) return [node.format, dataFormat];
  if (!(types.includes("number") || types.includes("integer")) && node.format !== "" && !isScalar) return undefined;
  if (!(types.includes(kind) || isIntFloat)) return [types.join(","), kind === "unsupported" ? "" : kind];
  return undefined;
}

// Value kinds as indices into per-node tables.
const KINDS: ValueKind[] = ["null", "boolean", "string", "integer", "number", "array", "object", "unsupported"];
const BOOLEAN = 1;
const STRING = 2;
const INTEGER = 3;
const NUMBER = 4;
const ARRAY = 5;
const OBJECT = 6;
const UNSUPPORTED = 7;

function kindIndex(data: unknown): number {
  switch (typeof data) {
    case "string":
      return STRING;
    case "number":
      return isInt64(data) ? INTEGER : NUMBER;
    case "boolean":
      return BOOLEAN;
    case "object":
      return data === null ? 0 : Array.isArray(data) ? ARRAY : OBJECT;
    default:
      return UNSUPPORTED;
  }
}

function compileNode(node: SchemaNode): Check {
  const typeProblems = KINDS.map((kind) => typeProblem(node, kind));
  const nullProblem = typeProblems[0];
  const compiledEnum = node.enum === undefined ? undefined : compileEnum(node.enum);
  const hasJunctors = node.anyOf.length > 0 || node.oneOf.length > 0 || node.allOf.length > 0 || node.not !== undefined;
  const junctors = hasJunctors ? compileJunctors(node) : undefined;
  const stringCheck = compileString(node);
  const numberCheck = compileNumber(node);
  const arrayCheck = compileArray(node);
  const objectCheck = compileObject(node);
  // A string of the node's type, without junctors: only the string keywords and the enum can fail.
  const typedString = junctors === undefined && typeProblems[STRING] === undefined;
  // A boolean of the node's type, without junctors or enum: nothing to check.
  const plainBoolean = compiledEnum === undefined && junctors === undefined && typeProblems[BOOLEAN] === undefined;
  const nullIsClean = node.nullable || node.hasDefault;
  const preserve = node.preserveUnknownFields;
  const barePreserved = preserve && node.properties.size === 0 && node.additionalProperties === undefined && node.items === undefined;
  const undeclaredKeysClean = node.hasAdditionalProperties;
  const tracksObject = objectCheck === undefined && !preserve;
  const tracksItems = node.items === undefined && !preserve;

  /** clean-scan.ts's isClean of this node's own level; its children are tracked when the walk visits them. */
  const track = (data: object, kind: number, walk: Walk) => {
    if (preserve) {
      if (!barePreserved || depthExceeds(data, MAX_DEPTH - walk.depth)) walk.clean = false;
      return;
    }
    if (walk.depth + 1 > MAX_DEPTH) walk.clean = false;
    else if (kind === ARRAY) {
      if (tracksItems) for (const item of data as unknown[]) if (!isScalar(item)) walk.clean = false;
    } else if (tracksObject) {
      // No declared property and no additionalProperties schema: every key is unknown or undeclared.
      for (const key in data) {
        if (!hasOwnProperty.call(data, key)) continue;
        if (!undeclaredKeysClean || !isScalar((data as JsonObject)[key])) walk.clean = false;
      }
    }
  };

  // The text after `<path> in body` of each type problem, made once.
  const typeTexts = typeProblems.map((problem) => (problem === undefined ? "" : ` must be of type ${problem[0]}: ${goQuote(problem[1])}`));
  const reportType = (walk: Walk, kind: number) => {
    const path = pathOf(walk);
    walk.out.push(withRule(typeInvalid(fieldOf(path), typeProblems[kind]![1], `${inBody(path)}${typeTexts[kind]}`), "type"));
  };
  const reportEnum = (walk: Walk, data: unknown) => {
    walk.out.push(withRule(notSupported(fieldOf(pathOf(walk)), data, compiledEnum!.supported), "enum"));
  };

  return (data, walk, old) => {
    if (old !== undefined && deepEqualJson(old.value, data)) return;
    const type = typeof data;
    if (type === "string") {
      if (typedString) {
        if (stringCheck !== undefined) stringCheck(data as string, walk);
        if (compiledEnum !== undefined && !compiledEnum.matches(data)) reportEnum(walk, data);
        return;
      }
    } else if (type === "boolean" && plainBoolean) return;
    if (data === null || data === undefined) {
      if (walk.tracking && data === null && !nullIsClean) walk.clean = false;
      if (nullProblem !== undefined) reportType(walk, 0);
      if (compiledEnum !== undefined) reportEnum(walk, null);
      return;
    }
    const kind = kindIndex(data);
    const problem = typeProblems[kind];
    if (problem !== undefined) reportType(walk, kind);
    if (walk.tracking && (kind === OBJECT || kind === ARRAY)) track(data as object, kind, walk);
    if (junctors !== undefined) junctors(data, walk, old);
    if (kind === STRING) {
      if (stringCheck !== undefined) stringCheck(data as string, walk);
    } else if (kind === INTEGER || kind === NUMBER) {
      if (numberCheck !== undefined) numberCheck(data as number, kind === INTEGER, walk);
    } else if (kind === ARRAY) {
      if (arrayCheck !== undefined) arrayCheck(data as unknown[], walk, old);
    }
    if (compiledEnum !== undefined && !compiledEnum.matches(data)) reportEnum(walk, data);
    if (kind === OBJECT && objectCheck !== undefined) objectCheck(data as JsonObject, walk, old);
  };
}

function compileJunctors(node: SchemaNode): Check {
  let anyOf: Check[] | undefined;
  let oneOf: Check[] | undefined;
  let allOf: Check[] | undefined;
  let not: Check | undefined;
  return (data, walk, old) => {
    if (anyOf === undefined) {
      anyOf = node.anyOf.map(checkOf);
      oneOf = node.oneOf.map(checkOf);
      allOf = node.allOf.map(checkOf);
      not = node.not === undefined ? undefined : checkOf(node.not);
    }
    const out = walk.out;
    const validateAgainst = (alternative: Check) => {
      const result: FieldError[] = [];
      const tracking = walk.tracking;
      // Pruning follows the structural schema, not the alternatives.
      walk.out = result;
      walk.tracking = false;
      alternative(data, walk, old);
      walk.out = out;
      walk.tracking = tracking;
      return result;
    };
    const composite = (text: string, rule: string) => out.push(withRule(invalid(ROOT_FIELD, "", text), rule));
    if (anyOf.length > 0) {
      let best: FieldError[] | undefined;
      let succeeded = false;
      for (const alternative of anyOf) {
        const result = validateAgainst(alternative);
        if (result.length === 0) {
          succeeded = true;
          best = undefined;
          break;
        }
        best ??= result;
      }
      if (!succeeded) composite(`${goQuote(pathOf(walk))} must validate at least one schema (anyOf)`, "anyOf");
      if (best) out.push(...best);
    }
    if (oneOf!.length > 0) {
      let best: FieldError[] | undefined;
      let validated = 0;
      for (const alternative of oneOf!) {
        const result = validateAgainst(alternative);
        if (result.length === 0) {
          validated++;
          best = undefined;
        } else if (validated === 0) {
          best ??= result;
        }
      }
      if (validated !== 1) {
        const more = validated === 0 ? "Found none valid" : `Found ${validated} valid alternatives`;
        composite(`${goQuote(pathOf(walk))} must validate one and only one schema (oneOf). ${more}`, "oneOf");
        if (best) out.push(...best);
      }
    }
    if (allOf!.length > 0) {
      let validated = 0;
      for (const part of allOf!) {
        const result = validateAgainst(part);
        if (result.length === 0) validated++;
        out.push(...result);
      }
      if (validated !== allOf!.length) {
        composite(`${goQuote(pathOf(walk))} must validate all the schemas (allOf)${validated === 0 ? ". None validated" : ""}`, "allOf");
      }
    }
    if (not !== undefined && validateAgainst(not).length === 0) {
      composite(`${goQuote(pathOf(walk))} must not validate the schema (not)`, "not");
    }
  };
}

function compileArray(node: SchemaNode): ((data: unknown[], walk: Walk, old: Old) => void) | undefined {
  const { minItems, maxItems } = node.schema;
  const unique = (node.schema as { uniqueItems?: boolean }).uniqueItems === true;
  const itemsNode = node.items;
  let items: Check | undefined;
  if (itemsNode === undefined && typeof minItems !== "number" && typeof maxItems !== "number" && !unique) return undefined;
  return (data, walk, old) => {
    if (itemsNode !== undefined) {
      items ??= checkOf(itemsNode);
      const correlate = old === undefined ? undefined : listMapCorrelation(node, old.value);
      const depth = walk.depth;
      for (let i = 0; i < data.length; i++) {
        const oldItem = correlate === undefined ? undefined : correlate(data[i]);
        descend(walk, i, INDEX);
        items(data[i], walk, oldItem === undefined ? undefined : { value: oldItem });
        walk.depth = depth;
      }
    }
    if (typeof minItems === "number" && data.length < minItems) {
      const path = pathOf(walk);
      walk.out.push(withRule(invalid(fieldOf(path), data.length, `${inBody(path)} should have at least ${minItems} items`), "minItems"));
    }
    if (typeof maxItems === "number" && data.length > maxItems) walk.out.push(withRule(tooMany(fieldOf(pathOf(walk)), data.length, maxItems), "maxItems"));
    if (unique) {
      const seen = new Set<string>();
      for (const item of data) {
        const key = goJson(item);
        if (seen.has(key)) {
          const path = pathOf(walk);
          walk.out.push(withRule(invalid(fieldOf(path), "", `${inBody(path)} shouldn't contain duplicates`), "uniqueItems"));
          break;
        }
        seen.add(key);
      }
    }
  };
}

function compileObject(node: SchemaNode): ((data: JsonObject, walk: Walk, old: Old) => void) | undefined {
  const { minProperties, maxProperties } = node.schema;
  const min = typeof minProperties === "number" ? minProperties : undefined;
  const max = typeof maxProperties === "number" ? maxProperties : undefined;
  const additionalNode = node.additionalProperties;
  let additional: Check | undefined;
  const declared = node.properties;
  const names = node.propertyNames;
  const propertyNodes = node.propertyNodes;
  // Each property's check is compiled when a document first has the property.
  const checks: (Check | undefined)[] = propertyNodes.map(() => undefined);
  const requiredNames = node.required;
  const countsKeys = !node.preserveUnknownFields && !node.hasAdditionalProperties;
  const checksUndeclared = !node.preserveUnknownFields && node.hasAdditionalProperties && additionalNode === undefined;
  if (min === undefined && max === undefined && additionalNode === undefined && names.length === 0 && requiredNames.length === 0) return undefined;
  return (data, walk, old) => {
    if (min !== undefined || max !== undefined) {
      let count = 0;
      for (const key in data) if (hasOwnProperty.call(data, key)) count++;
      if (min !== undefined && count < min) {
        const path = pathOf(walk);
        walk.out.push(withRule(invalid(fieldOf(path), count, `${inBody(path)} should have at least ${min} properties`), "minProperties"));
        walk.clean = false; // the properties were not visited
        return;
      }
      if (max !== undefined && count > max) {
        walk.out.push(withRule(tooMany(fieldOf(pathOf(walk)), count, max), "maxProperties"));
        walk.clean = false; // the properties were not visited
        return;
      }
    }
    const depth = walk.depth;
    if (additionalNode !== undefined) {
      additional ??= checkOf(additionalNode);
      for (const key in data) {
        if (!hasOwnProperty.call(data, key) || declared.has(key)) continue;
        descend(walk, key, MAP_KEY);
        additional(data[key], walk, old === undefined ? undefined : oldProperty(old, key));
        walk.depth = depth;
      }
    }
    // Declared properties in schema order, as kube-openapi's objectValidator visits them.
    let present = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!hasOwnProperty.call(data, name)) continue;
      present++;
      descend(walk, name, PROPERTY);
      if (depth === 0 && name === "metadata" && walk.tracking) {
        // The resource's metadata is pruned by ObjectMeta's rules, which the caller checks.
        walk.tracking = false;
        (checks[i] ??= checkOf(propertyNodes[i]))(data[name], walk, undefined);
        walk.tracking = true;
      } else {
        (checks[i] ??= checkOf(propertyNodes[i]))(data[name], walk, old === undefined ? undefined : oldProperty(old, name));
      }
      walk.depth = depth;
    }
    if (walk.tracking) {
      if (countsKeys) {
        let keys = 0;
        for (const key in data) if (hasOwnProperty.call(data, key)) keys++;
        if (keys !== present) walk.clean = false;
      } else if (checksUndeclared) {
        for (const key in data) if (hasOwnProperty.call(data, key) && !declared.has(key) && !isScalar(data[key])) walk.clean = false;
      }
    }
    for (let i = 0; i < requiredNames.length; i++) {
      const name = requiredNames[i];
      if (hasOwnProperty.call(data, name)) continue;
      // The original joined `${path}.${name}` whatever the path, so a root field is `.name` before trimming.
      const path = pathOf(walk);
      walk.out.push(withRule(required(fieldOf(`${path}.${name}`)), "required"));
    }
  };
}
