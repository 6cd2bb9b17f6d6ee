// JSON data (schemas, rule tables, defaults) as a readable object literal: short values on one line,
// longer ones one property per line. Keys are written bare where JavaScript allows it.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INLINE_WIDTH = 100;

/** `value` as a JavaScript expression, continuation lines indented by `indent`. */
export function objectLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inline = inlineLiteral(value);
  if (inline.length + indent.length <= INLINE_WIDTH) return inline;
  const inner = indent + "  ";
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${objectLiteral(v, inner)},\n`).join("")}${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${objectLiteral(v, inner)},\n`).join("")}${indent}}`;
}

function inlineLiteral(value: object): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v !== null && typeof v === "object" ? inlineLiteral(v) : JSON.stringify(v))).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${v !== null && typeof v === "object" ? inlineLiteral(v) : JSON.stringify(v)}`).join(", ")} }`;
}

/** A property key; `__proto__` is computed, so that it defines a property instead of the prototype. */
function key(name: string): string {
  if (name === "__proto__") return `["__proto__"]`;
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** `base.name` or `base["name"]`: reading a property of an object written by objectLiteral. */
export function memberAccess(base: string, name: string): string {
  return IDENTIFIER.test(name) && name !== "__proto__" ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}
