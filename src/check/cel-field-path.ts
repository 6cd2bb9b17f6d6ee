// The apiserver's ValidFieldPath: a `.a.b` / `['a'].b` path resolved through properties and
// additionalProperties of a schema. Used for x-kubernetes-validations fieldPath and selectableFields.
import { isSchemaObject, type SchemaObject } from "./schema-walk.js";

export type FieldPathResolution =
  | { ok: true; fields: string[]; schema: SchemaObject | undefined }
  | { ok: false; error: string };

export function resolveFieldPath(jsonPath: string, root: SchemaObject, options: { allowArrayNotation: boolean }): FieldPathResolution {
  const tokens = tokenize(jsonPath);
  const fields: string[] = [];
  let schema: SchemaObject | undefined = root;
  const step = (name: string): string | undefined => {
    fields.push(name);
    if (schema === undefined) return "does not refer to a valid field";
    if (hasProperties(schema)) {
      const property: unknown = Object.hasOwn(schema.properties!, name) ? schema.properties![name] : undefined;
      if (!isSchemaObject(property)) return "does not refer to a valid field";
      schema = property;
    } else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
      schema = isSchemaObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    } else {
      return "does not refer to a valid field";
    }
    return undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    let error: string | undefined;
    if (token === "[") {
      if (!options.allowArrayNotation) return { ok: false, error: "array notation is not allowed" };
      const quoted = tokens[++i];
      if (quoted === undefined) return { ok: false, error: "unexpected end of JSON path" };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
        return { ok: false, error: `expected single quoted string but got ${quoted}` };
      }
      const name = unescapeSingleQuoted(quoted.slice(1, -1));
      if (!name.ok) return { ok: false, error: `invalid string literal: ${name.error}` };
      error = step(name.value);
      if (error === undefined) {
        const close = tokens[++i];
        if (close === undefined) return { ok: false, error: "unexpected end of JSON path" };
        if (close !== "]") return { ok: false, error: `expected ] but got ${close}` };
      }
    } else if (token === ".") {
      const name = tokens[++i];
      if (name === undefined) return { ok: false, error: "unexpected end of JSON path" };
      error = step(name);
    } else {
      return { ok: false, error: `expected [ or . but got: ${token}` };
    }
    if (error !== undefined) return { ok: false, error };
  }
  return { ok: true, fields, schema };
}

function hasProperties(schema: SchemaObject): boolean {
  return isSchemaObject(schema.properties) && Object.keys(schema.properties).length > 0;
}

/** Splits on `.`, `[` and `]`, keeping single-quoted strings (with their quotes) whole. */
function tokenize(path: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === "'") {
      let end = i + 1;
      while (end < path.length && !(path[end] === "'" && path[end - 1] !== "\\")) end++;
      tokens.push(path.slice(i, end + 1));
      i = end + 1;
    } else if (".[]".includes(path[i])) {
      tokens.push(path[i++]);
    } else {
      let end = i;
      while (end < path.length && !".[]".includes(path[end])) end++;
      tokens.push(path.slice(i, end));
      i = end;
    }
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "'": "'", "\\": "\\" };

function unescapeSingleQuoted(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let bad: string | undefined;
  const value = s.replace(/\\./g, (match) => {
    const replacement = ESCAPES[match[1]];
    if (replacement === undefined) bad ??= `invalid escape char ${match}`;
    return replacement ?? "";
  });
  return bad === undefined ? { ok: true, value } : { ok: false, error: bad };
}
