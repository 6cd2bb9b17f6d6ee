// The small functions a converters module needs, written into the module when used: the generated code
// stays self-contained (it imports only @bufbuild/protobuf and the `_pb` and `_crd` modules).
// Each helper names the helpers and imports it needs; `Ref` gives an import's local name.
import type { Int64Policy } from "../shared/shapes.js";
import { WKT_HELPERS } from "./helpers-wkt.js";

/** The local name of an import: `ref(module, exportName, typeOnly)`. */
export type Ref = (from: string, name: string, typeOnly?: boolean) => string;

export interface Helper {
  needs: string[];
  code: (ref: Ref) => string;
}

export const PROTOBUF = "@bufbuild/protobuf";
export const WKT = "@bufbuild/protobuf/wkt";
export const WIRE = "@bufbuild/protobuf/wire";

const BASE_HELPERS: Record<string, Helper> = {
  fail: {
    needs: [],
    code: () => `/** Throws a ConversionError for the value at \`path\`. */
function fail(path: string, detail: string): never {
  throw new ConversionError(path, detail);
}
`,
  },
  expected: {
    needs: ["fail", "describe"],
    code: () => `/** Fails with "required value" for a missing value, else with what was expected and what was found. */
function expected(what: string, value: unknown, path: string): never {
  return fail(path, value === undefined ? "required value" : \`expected \${what}, got \${describe(value)}\`);
}
`,
  },
  describe: {
    needs: [],
    code: () => `function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return JSON.stringify(value.length > 64 ? value.slice(0, 64) + "…" : value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    default:
      return typeof value;
  }
}
`,
  },
  objectFromJson: {
    needs: ["expected"],
    code: () => `function objectFromJson(value: unknown, path: string): { readonly [key: string]: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return expected("an object", value, path);
  return value as { readonly [key: string]: unknown };
}
`,
  },
  checkProperties: {
    needs: ["fail"],
    code: () => `/** Fails on a property the CRD does not define, as protojson does for unknown fields. */
function checkProperties(json: object, known: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(json)) {
    if (!known.has(key)) fail(path === "" ? key : \`\${path}.\${key}\`, "unknown field: the CRD does not define it");
  }
}
`,
  },
  listFromJson: {
    needs: ["expected"],
    code: () => `function listFromJson(value: unknown, path: string): readonly unknown[] {
  return Array.isArray(value) ? value : expected("a list", value, path);
}
`,
  },
  hasOwn: {
    needs: [],
    code: () => `/** Presence of a field with explicit presence (proto2 optional): protobuf-es keeps defaults on the prototype. */
function hasOwn(message: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, key) && (message as { [key: string]: unknown })[key] !== undefined;
}
`,
  },
  ownProperty: {
    needs: [],
    code: () => `/** \`json[key]\` for a name a plain object inherits ("constructor", "__proto__", …): only its own property. */
function ownProperty(json: { readonly [key: string]: unknown }, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(json, key) ? json[key] : undefined;
}
`,
  },
  hasKeys: {
    needs: [],
    code: () => `function hasKeys(map: object): boolean {
  for (const key in map) if (Object.prototype.hasOwnProperty.call(map, key)) return true;
  return false;
}
`,
  },
  int64Zero: {
    needs: [],
    code: () => `const INT64_ZERO = BigInt(0);
`,
  },
  setOwn: {
    needs: [],
    code: () => `/** \`object[key] = value\`, also for the key "__proto__". */
function setOwn<T>(object: { [key: string]: T }, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
`,
  },
  mapFromJson: {
    needs: ["objectFromJson", "setOwn"],
    code: () => `/** A map from its JSON object; \`key\` checks and normalises keys that are not strings in protobuf. */
function mapFromJson<T>(
  value: unknown,
  path: string,
  convert: (value: unknown, key: string) => T,
  key?: (key: string, path: string) => string,
): { [key: string]: T } {
  const result: { [key: string]: T } = {};
  for (const [k, v] of Object.entries(objectFromJson(value, path))) setOwn(result, key ? key(k, path) : k, convert(v, k));
  return result;
}
`,
  },
  mapToJson: {
    needs: ["setOwn"],
    code: () => `function mapToJson<V, T>(map: { readonly [key: string]: V }, convert: (value: V, key: string) => T): { [key: string]: T } {
  const result: { [key: string]: T } = {};
  for (const [key, value] of Object.entries(map)) setOwn(result, key, convert(value, key));
  return result;
}
`,
  },
  boolMapKey: {
    needs: ["fail"],
    code: () => `function boolMapKey(key: string, path: string): string {
  return key === "true" || key === "false" ? key : fail(\`\${path}[\${key}]\`, "map key must be true or false");
}
`,
  },
  int32MapKey: {
    needs: ["fail"],
    code: () => integerMapKey("int32MapKey", "-?[0-9]+", "-2147483648", "2147483647", "a 32-bit integer"),
  },
  uint32MapKey: {
    needs: ["fail"],
    code: () => integerMapKey("uint32MapKey", "[0-9]+", "0", "4294967295", "an unsigned 32-bit integer"),
  },
  int64MapKey: {
    needs: ["fail"],
    code: () => integerMapKey("int64MapKey", "-?[0-9]+", "-9223372036854775808", "9223372036854775807", "a 64-bit integer"),
  },
  uint64MapKey: {
    needs: ["fail"],
    code: () => integerMapKey("uint64MapKey", "[0-9]+", "0", "18446744073709551615", "an unsigned 64-bit integer"),
  },
  allowedValue: {
    needs: ["expected"],
    code: () => `/** \`value\` when it is one of the values the CRD lists for a field. */
function allowedValue<T extends string | number | boolean>(value: unknown, allowed: readonly T[], path: string): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  return expected(\`one of \${allowed.map((v) => JSON.stringify(v)).join(", ")}\`, value, path);
}
`,
  },
  floatFromJson: {
    needs: ["expected"],
    code: () => `function floatFromJson(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 3.4028234663852886e38) return value;
  return expected("a 32-bit float", value, path);
}
`,
  },
  bytesFromJson: {
    needs: ["expected"],
    code: (ref) => `/** Standard or URL-safe base64, with or without padding, as protojson reads it. */
function bytesFromJson(value: unknown, path: string): Uint8Array {
  if (typeof value === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) && value.replace(/=+$/, "").length % 4 !== 1) {
    return ${ref(WIRE, "base64Decode")}(value);
  }
  return expected("base64-encoded bytes", value, path);
}
`,
  },
  int64Limits: {
    needs: [],
    code: () => `const INT64_MIN = BigInt("-9223372036854775808");
const INT64_MAX = BigInt("9223372036854775807");
`,
  },
  uint64Limits: {
    needs: [],
    code: () => `const UINT64_MAX = BigInt("18446744073709551615");
`,
  },
  int64ToNumber: {
    needs: ["fail"],
    code: () => `/** int64=integer: the CRD holds 64-bit integers as JSON numbers, exact only up to 2^53 - 1. */
function int64ToNumber(value: bigint | string, path: string): number {
  const n = Number(value);
  if (Number.isSafeInteger(n)) return n;
  return fail(path, \`\${value} is not a safe integer: with int64=integer it cannot be written without losing digits\`);
}
`,
  },
  ...WKT_HELPERS,
};

function integerMapKey(name: string, digits: string, min: string, max: string, what: string): string {
  const big = min.length > 11 || max.length > 10;
  const parse = big ? "BigInt(key)" : "Number(key)";
  const bound = (v: string) => (big ? `BigInt("${v}")` : v);
  return `function ${name}(key: string, path: string): string {
  if (/^${digits}$/.test(key)) {
    const n = ${parse};
    if (n >= ${bound(min)} && n <= ${bound(max)}) return String(n);
  }
  return fail(\`\${path}[\${key}]\`, "map key must be ${what}");
}
`;
}

/** int64FromJson / uint64FromJson for the CRD's 64-bit policy. */
function int64FromJson(unsigned: boolean, as: Int64Policy): Helper {
  const name = unsigned ? "uint64FromJson" : "int64FromJson";
  const [min, max] = unsigned ? ["BigInt(0)", "UINT64_MAX"] : ["INT64_MIN", "INT64_MAX"];
  const what = { int_or_string: "a decimal string or a safe integer", integer: "a safe integer", string: "a decimal string" }[as];
  const lines = [`function ${name}(value: unknown, path: string): bigint {`];
  if (as !== "integer") {
    lines.push(
      `  if (typeof value === "string" && /^${unsigned ? "" : "-?"}[0-9]+$/.test(value)) {`,
      `    const n = BigInt(value);`,
      `    if (n >= ${min} && n <= ${max}) return n;`,
      `  }`,
    );
  }
  if (as !== "string") {
    lines.push(`  if (typeof value === "number" && Number.isSafeInteger(value)${unsigned ? " && value >= 0" : ""}) return BigInt(value);`);
    lines.push(`  if (typeof value === "number" && Number.isInteger(value)) return fail(path, \`\${value} is beyond ±2^53 - 1 and may have lost digits${as === "int_or_string" ? "; write it as a string" : ""}\`);`);
  }
  lines.push(`  return expected("${unsigned ? "an unsigned" : "a"} 64-bit integer (${what})", value, path);`, `}`, ``);
  return { needs: ["expected", "fail", ...(as !== "integer" ? [unsigned ? "uint64Limits" : "int64Limits"] : [])], code: () => lines.join("\n") };
}

/** Collects the helpers a module uses, with what they need, and writes them in a stable order. */
export class HelperSet {
  private readonly used = new Set<string>();
  private readonly table: Record<string, Helper>;

  constructor(int64: Int64Policy) {
    this.table = { ...BASE_HELPERS, int64FromJson: int64FromJson(false, int64), uint64FromJson: int64FromJson(true, int64) };
  }

  /** Marks `name` (and what it needs) as used; returns the name, for use in an expression. */
  use(name: string): string {
    const helper = this.table[name];
    if (!helper) throw new Error(`internal: unknown converter helper ${name}`);
    if (!this.used.has(name)) {
      this.used.add(name);
      for (const need of helper.needs) this.use(need);
    }
    return name;
  }

  render(ref: Ref): string {
    return Object.keys(this.table)
      .filter((name) => this.used.has(name))
      .map((name) => this.table[name].code(ref))
      .join("\n");
  }
}

/** Every helper's name: a converters module reserves them before naming anything else. */
export const HELPER_NAMES: string[] = [...Object.keys(BASE_HELPERS), "int64FromJson", "uint64FromJson"];
