// Documents for the property, differential and benchmark runs: valid custom resources generated from a
// CRD version's schema (fast-check), and invalid ones made by mutating valid ones one step at a time.
import fc from "fast-check";

/** Valid values of a schema node. CEL rules are not read: `repairCel` fixes the ones our CRDs carry. */
export function valueArbitrary(s, depth = 0) {
  const base = baseArbitrary(s, depth);
  return s.nullable === true ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: base }) : base;
}

function baseArbitrary(s, depth) {
  if (s.enum !== undefined) return fc.constantFrom(...s.enum);
  if (s["x-kubernetes-int-or-string"] === true) {
    return fc.oneof(integerArbitrary(s), s.pattern !== undefined ? stringArbitrary(s) : fc.integer({ min: 0, max: 1000 }).map(String));
  }
  switch (s.type) {
    case "string":
      return stringArbitrary(s);
    case "integer":
      return integerArbitrary(s);
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: s.minimum ?? -1e9, max: s.maximum ?? 1e9 });
    case "boolean":
      return fc.boolean();
    case "array":
      return arrayArbitrary(s, depth);
    case "object":
      return objectArbitrary(s, depth);
    default:
      return fc.constant({});
  }
}

function integerArbitrary(s) {
  const min = Math.max(s.minimum ?? -(2 ** 31), -(2 ** 31)) + (s.exclusiveMinimum ? 1 : 0);
  const max = Math.min(s.maximum ?? 2 ** 32, 2 ** 32) - (s.exclusiveMaximum ? 1 : 0);
  return fc.integer({ min, max });
}

const codePoints = (text) => [...text].length;

function stringArbitrary(s) {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 40;
  if (s.format === "date-time") {
    return fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.000Z$/, "Z"));
  }
  if (s.format === "date") return fc.date({ min: new Date("1970-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === "byte") return fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString("base64"));
  if (s.pattern !== undefined) {
    return fc.stringMatching(new RegExp(s.pattern, "u"), { size: "small" }).filter((t) => codePoints(t) >= min && codePoints(t) <= max);
  }
  // Full Unicode, counted in code points as the apiserver counts: astral characters must not count twice.
  return fc.string({ unit: fc.oneof(fc.constantFrom("a", "-", "Z", "0", " "), fc.constantFrom("é", "😀", "中")), minLength: min, maxLength: Math.min(max, 24) });
}

function arrayArbitrary(s, depth) {
  const maxLength = Math.min(s.maxItems ?? 4, depth > 3 ? 1 : 4);
  const constraints = { minLength: s.minItems ?? 0, maxLength };
  const item = valueArbitrary(s.items, depth + 1);
  if (s["x-kubernetes-list-type"] === "map") {
    const keys = s["x-kubernetes-list-map-keys"] ?? [];
    return fc.uniqueArray(item, { ...constraints, selector: (x) => JSON.stringify(keys.map((k) => x?.[k])) });
  }
  if (s["x-kubernetes-list-type"] === "set") return fc.uniqueArray(item, { ...constraints, selector: (x) => JSON.stringify(x) });
  return fc.array(item, constraints);
}

function objectArbitrary(s, depth) {
  if (s.properties !== undefined) {
    const required = s.required ?? [];
    const shape = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, valueArbitrary(v, depth + 1)]));
    return fc.record(shape, { requiredKeys: required });
  }
  if (typeof s.additionalProperties === "object") {
    // No dots: the reference renders map keys into dotted paths, where a dot in a key is ambiguous.
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,19}$/);
    return fc.dictionary(key, valueArbitrary(s.additionalProperties, depth + 1), { maxKeys: Math.min(s.maxProperties ?? 4, 4), noNullPrototype: true });
  }
  return fc.constant({});
}

/** Our CRDs' CEL invariants (the CUSTOM action needs its text); key-length rules hold for generated keys. */
export function repairCel(value) {
  if (Array.isArray(value)) value.forEach(repairCel);
  else if (value !== null && typeof value === "object") {
    if (value.recommendedAction === "CUSTOM" && !value.customRecommendedAction) value.customRecommendedAction = "drain-and-reboot";
    Object.values(value).forEach(repairCel);
  }
  return value;
}

/** Valid custom resources of one CRD version. */
export function resourceArbitrary(root, { apiVersion, kind }) {
  const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?(\.[a-z0-9]{1,8}){0,2}$/);
  const body = objectArbitrary({ ...root, properties: Object.fromEntries(Object.entries(root.properties).filter(([k]) => !["apiVersion", "kind", "metadata"].includes(k))) }, 0);
  return fc.tuple(name, body).map(([n, b]) => repairCel({ apiVersion, kind, metadata: { name: n }, ...b }));
}

/** A seeded pseudo-random number generator (mulberry32): the same documents on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every value in a document with its schema node, parent and key. */
function positions(doc, root) {
  const out = [];
  const walk = (value, s, parent, key) => {
    if (s === undefined) return;
    out.push({ value, s, parent, key });
    if (Array.isArray(value) && s.items) value.forEach((item, i) => walk(item, s.items, value, i));
    else if (value !== null && typeof value === "object") {
      for (const k of Object.keys(value)) {
        const child = s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
        walk(value[k], child, value, k);
      }
    }
  };
  for (const k of Object.keys(doc)) if (k !== "apiVersion" && k !== "kind" && k !== "metadata") walk(doc[k], root.properties[k], doc, k);
  return out;
}

const WRONG_VALUES = [42, 1.5, "text", true, [], {}, null, -7];

function jsonKind(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/**
 * Applies one random mutation to a deep copy of `doc`; returns the copy and what was done.
 * `typeMeta: false` leaves apiVersion and kind alone; `skip` names mutations not to use.
 */
export function mutate(doc, root, rand, { typeMeta = true, skip = [] } = {}) {
  const copy = structuredClone(doc);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const all = positions(copy, root);
  const mutations = [];
  for (const p of all) {
    const { value, s, parent, key } = p;
    mutations.push(["wrong-type", () => { parent[key] = pick(WRONG_VALUES.filter((w) => jsonKind(w) !== jsonKind(value))); }]);
    if (!Array.isArray(parent) && (p.parentSchemaRequired ?? true)) mutations.push(["delete", () => { delete parent[key]; }]);
    if (!Array.isArray(parent) && s.nullable !== true) mutations.push(["null", () => { parent[key] = null; }]);
    if (typeof value === "string") {
      if (s.maxLength !== undefined) {
        mutations.push(["too-long", () => { parent[key] = "a".repeat(s.maxLength + 1); }]);
        mutations.push(["astral-at-limit", () => { parent[key] = "😀".repeat(s.maxLength); }]);
      }
      if ((s.minLength ?? 0) > 0) mutations.push(["too-short", () => { parent[key] = ""; }]);
      if (s.pattern !== undefined) mutations.push(["bad-pattern", () => { parent[key] = `${value}_X!`; }]);
      if (s.enum !== undefined) mutations.push(["bad-enum", () => { parent[key] = "NOT_A_VALUE"; }]);
      if (s.format === "date-time") mutations.push(["bad-format", () => { parent[key] = pick(["yesterday", "2024-13-01T00:00:00Z", "2024-02-30T10:00:00Z", "2024-05-01 12:00:00"]); }]);
    }
    if (typeof value === "number") {
      if (s.maximum !== undefined) mutations.push(["above-maximum", () => { parent[key] = s.maximum + 1; }]);
      if (s.minimum !== undefined) mutations.push(["below-minimum", () => { parent[key] = s.minimum - 1; }]);
      if (s.type === "integer") mutations.push(["fraction", () => { parent[key] = value + 0.5; }]);
    }
    if (Array.isArray(value)) {
      if (s.maxItems !== undefined && value.length > 0) {
        mutations.push(["too-many-items", () => { parent[key] = Array.from({ length: s.maxItems + 1 }, (_, i) => distinctCopy(value[i % value.length], i, s)); }]);
      }
      if (s["x-kubernetes-list-type"] === "map" && value.length > 0) mutations.push(["duplicate-key", () => { value.push(structuredClone(value[0])); }]);
    } else if (value !== null && typeof value === "object") {
      if (s.properties !== undefined) mutations.push(["unknown-field", () => { value.zzUnknown = pick([1, "x", { a: 1 }]); }]);
      if (typeof s.additionalProperties === "object" && s.maxProperties !== undefined) {
        mutations.push(["too-many-properties", () => { for (let i = 0; i <= s.maxProperties; i++) value[`key${i}`] = "v"; }]);
      }
      const keyRule = (s["x-kubernetes-validations"] ?? []).find((r) => /size\(k\) <= (\d+)/.test(r.rule));
      if (keyRule) mutations.push(["cel-key-length", () => { value["k".repeat(Number(/size\(k\) <= (\d+)/.exec(keyRule.rule)[1]) + 1)] = "v"; }]);
      if (s.properties?.recommendedAction !== undefined) {
        mutations.push(["cel-custom-action", () => { value.recommendedAction = "CUSTOM"; delete value.customRecommendedAction; }]);
      }
    }
  }
  mutations.push(["bad-name", () => { copy.metadata.name = pick(["Upper", "-leading", "a".repeat(254), "under_score"]); }]);
  if (typeMeta) mutations.push(["bad-kind", () => { copy.kind = "Other"; }]);
  mutations.push(["root-unknown-field", () => { copy.extra = true; }]);
  const [what, apply] = pick(mutations.filter(([name]) => !skip.includes(name)));
  apply();
  return { doc: copy, what };
}

/** Array items made distinct where a list-type needs it, so "too many" is the only problem. */
function distinctCopy(item, i, s) {
  const copy = structuredClone(item);
  if (s["x-kubernetes-list-type"] === "map") for (const k of s["x-kubernetes-list-map-keys"] ?? []) if (typeof copy[k] === "string") copy[k] = `${copy[k]}${i}`;
  return copy;
}
