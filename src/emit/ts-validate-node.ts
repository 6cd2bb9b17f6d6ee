// Compiles a CRD schema into straight-line TypeScript, one function per object or list node and the
// scalar checks inline, so a validation call does no schema interpretation (as ajv compiles schemas).
// The emitted code calls the small runtime in protoc-gen-crd-ts/validation (src/validation).
import type { JSONSchemaProps, ValidationRule } from "../schema/kubernetes.js";
import { VALIDATED_FORMATS } from "../validation/formats.js";
import { isPortable } from "../validation/patterns.js";
import { FieldPath } from "./ts-validate-paths.js";

/** How the root node of a resource is special: apiVersion/kind literals and ObjectMeta. */
export interface RootInfo {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

type Lines = string[];

const OLD_SELF = /\boldSelf\b/;

export class ValidatorCompiler {
  /** Module-level constants: patterns, formats, enums, compiled CEL rules. */
  readonly constants: string[] = [];
  /** One function per object or list node. */
  readonly functions: string[] = [];
  /** Runtime exports the code uses (imported from protoc-gen-crd-ts/validation). */
  readonly runtime = new Set<string>(["ValidationContext"]);
  usesCel = false;
  private readonly taken = new Set<string>();
  private readonly patterns = new Map<string, string>();
  private readonly formats = new Map<string, string>();
  private readonly oldNeeded = new Map<JSONSchemaProps, boolean>();
  /** Schemas whose CEL rules see apiVersion, kind and metadata (resource roots, embedded resources). */
  private readonly resourceRoots = new Set<JSONSchemaProps>();

  constructor(reserved: Iterable<string>) {
    for (const name of reserved) this.taken.add(name);
  }

  /** A fresh identifier close to `ideal`. */
  identifier(ideal: string): string {
    const base = ideal.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(?=\d)/, "_");
    for (let i = 0; ; i++) {
      const name = i === 0 ? base : `${base}_${i}`;
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }

  /** The function validating a resource's root object; it takes `(x, c, o)`. */
  rootFunction(schema: JSONSchemaProps, hint: string, root: RootInfo): string {
    this.resourceRoots.add(schema);
    return this.objectFunction(schema, FieldPath.root, hint, { root, old: true });
  }

  /** Whether any rule at or below `schema` reads `oldSelf` (then old values are threaded down). */
  needsOld(schema: JSONSchemaProps | undefined): boolean {
    if (schema === undefined) return false;
    const known = this.oldNeeded.get(schema);
    if (known !== undefined) return known;
    this.oldNeeded.set(schema, false);
    const own = (schema["x-kubernetes-validations"] ?? []).some(
      (r) => r.optionalOldSelf === true || OLD_SELF.test(r.rule) || OLD_SELF.test(r.messageExpression ?? ""),
    );
    const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    const result =
      own ||
      this.needsOld(schema.items) ||
      this.needsOld(additional) ||
      Object.values(schema.properties ?? {}).some((p) => this.needsOld(p));
    this.oldNeeded.set(schema, result);
    return result;
  }

  /**
   * Checks of value `v` (a variable, neither undefined nor null) at `path` against `schema`; `old`
   * is an expression for the correlated old value, or undefined when no rule below needs it.
   */
  valueChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const typed = this.typedChecks(schema, v, path, old, hint, indent);
    const untyped = schema.type === undefined && schema["x-kubernetes-int-or-string"] !== true;
    // kube-openapi applies junctors whatever the value's type (untyped checks include them already).
    return untyped ? typed : [...typed, ...this.junctorChecks(schema, v, path, old, hint, indent)];
  }

  private typedChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const P = path.expression();
    const type = schema.type;
    const intOrString = schema["x-kubernetes-int-or-string"] === true;
    const inner = indent + "  ";
    const out: Lines = [];
    if (intOrString) {
      out.push(`${indent}if (typeof ${v} === "number" && Number.isInteger(${v})) {`);
      out.push(...this.enumCheck(schema, v, P, hint, inner), ...this.numberChecks(schema, v, P, inner), ...this.celChecks(schema, v, P, old, hint, inner));
      out.push(`${indent}} else if (typeof ${v} === "string") {`);
      out.push(...this.enumCheck(schema, v, P, hint, inner), ...this.stringChecks(schema, v, P, hint, inner), ...this.celChecks(schema, v, P, old, hint, inner));
      out.push(`${indent}} else {`, `${inner}c.type(${P}, ${v}, "integer,string");`);
      if (schema.anyOf !== undefined) {
        this.runtime.add("messages");
        out.push(`${inner}c.add("", "anyOf", messages.invalid("", JSON.stringify(${P}) + " must validate at least one schema (anyOf)"));`);
      }
      out.push(`${indent}}`);
      return out;
    }
    switch (type) {
      case "string":
        return this.typed(`typeof ${v} !== "string"`, "string", v, P, indent, [
          ...this.enumCheck(schema, v, P, hint, inner),
          ...this.stringChecks(schema, v, P, hint, inner),
          ...this.celChecks(schema, v, P, old, hint, inner),
        ], schema.format ?? "");
      case "integer":
      case "number":
        return this.typed(
          type === "integer" ? `typeof ${v} !== "number" || !Number.isInteger(${v})` : `typeof ${v} !== "number" || !Number.isFinite(${v})`,
          type,
          v,
          P,
          indent,
          [
            ...this.enumCheck(schema, v, P, hint, inner),
            ...this.numberChecks(schema, v, P, inner),
            ...this.celChecks(schema, v, P, old, hint, inner),
            ],
          schema.format ?? "",
        );
      case "boolean":
        return this.typed(
          `typeof ${v} !== "boolean"`,
          "boolean",
          v,
          P,
          indent,
          [...this.enumCheck(schema, v, P, hint, inner), ...this.celChecks(schema, v, P, old, hint, inner)],
          schema.format ?? "",
        );
      case "object": {
        this.runtime.add("isObject");
        const call = this.callNode(this.objectFunction(schema, path, hint, { old: old !== undefined }), v, path, old);
        return this.typed(`!isObject(${v})`, "object", v, P, indent, [`${inner}${call}`]);
      }
      case "array": {
        this.runtime.add("isArray");
        const call = this.callNode(this.arrayFunction(schema, path, hint, old !== undefined), v, path, old);
        return this.typed(`!isArray(${v})`, "array", v, P, indent, [`${inner}${call}`]);
      }
      default:
        return this.untypedChecks(schema, v, path, old, hint, indent);
    }
  }

  private typed(badType: string, expected: string, v: string, P: string, indent: string, checks: Lines, format = ""): Lines {
    const report = `c.type(${P}, ${v}, ${JSON.stringify(expected)}${format !== "" ? `, ${JSON.stringify(format)}` : ""});`;
    if (checks.length === 0) return [`${indent}if (${badType}) ${report}`];
    return [`${indent}if (${badType}) {`, `${indent}  ${report}`, `${indent}} else {`, ...checks, `${indent}}`];
  }

  /** No `type` (preserve-unknown-fields, or a junctor branch): each keyword applies to the values it fits. */
  private untypedChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const P = path.expression();
    const inner = indent + "  ";
    const out: Lines = [...this.enumCheck(schema, v, P, hint, indent)];
    const strings = this.stringChecks(schema, v, P, hint, inner);
    if (strings.length > 0) out.push(`${indent}if (typeof ${v} === "string") {`, ...strings, `${indent}}`);
    const numbers = this.numberChecks(schema, v, P, inner);
    if (numbers.length > 0) out.push(`${indent}if (typeof ${v} === "number") {`, ...numbers, `${indent}}`);
    if (schema.items !== undefined || schema.minItems !== undefined || schema.maxItems !== undefined) {
      this.runtime.add("isArray");
      const call = this.callNode(this.arrayFunction(schema, path, hint, old !== undefined), v, path, old);
      out.push(`${indent}if (isArray(${v})) ${call}`);
    }
    const objectKeywords = ["properties", "required", "additionalProperties", "minProperties", "maxProperties"] as const;
    if (objectKeywords.some((k) => schema[k] !== undefined)) {
      this.runtime.add("isObject");
      const call = this.callNode(this.objectFunction(schema, path, hint, { old: old !== undefined, open: true }), v, path, old);
      out.push(`${indent}if (isObject(${v})) ${call}`);
    }
    out.push(...this.celChecks(schema, v, P, old, hint, indent), ...this.junctorChecks(schema, v, path, old, hint, indent));
    return out;
  }

  private callNode(fn: string, v: string, path: FieldPath, old: string | undefined): string {
    const args = [v];
    if (path.literal === undefined) args.push(path.expression());
    args.push("c");
    if (old !== undefined) args.push(old);
    return `${fn}(${args.join(", ")});`;
  }

  private signature(name: string, valueType: string, path: FieldPath, old: boolean): string {
    const params = [`x: ${valueType}`];
    if (path.literal === undefined) params.push("p: string");
    params.push("c: ValidationContext");
    if (old) params.push("o: unknown");
    return `function ${name}(${params.join(", ")}): void {`;
  }

  private objectFunction(
    schema: JSONSchemaProps,
    path: FieldPath,
    hint: string,
    options: { old: boolean; root?: RootInfo; open?: boolean },
  ): string {
    const name = this.identifier(hint);
    const here = path.literal === undefined ? FieldPath.variable("p") : path;
    const old = options.old && this.needsOld(schema);
    const body: Lines = [];
    const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    const embedded = schema["x-kubernetes-embedded-resource"] === true;
    const open =
      options.open === true || schema["x-kubernetes-preserve-unknown-fields"] === true || schema.additionalProperties === true;
    const counted = schema.minProperties !== undefined || schema.maxProperties !== undefined;

    if (additional === undefined && !open) {
      body.push(...this.closedObjectBody(schema, here, hint, old, options.root));
    } else {
      body.push(...this.openObjectBody(schema, here, hint, old));
      if (embedded) body.push(...this.embeddedChecks(here));
    }
    if (additional !== undefined) {
      const valueOld = old && this.needsOld(additional) ? "oldChild(o, k)" : undefined;
      if (valueOld !== undefined) this.runtime.add("oldChild");
      const checks = this.valueChecks(additional, "w", here.element("k"), valueOld, `${hint}_value`, "    ");
      if (counted) body.push("  let n = 0;");
      body.push("  for (const k in x) {", "    const w = x[k];");
      body.push(additional.nullable === true ? "    if (w === undefined) continue;" : "    if (w === undefined || w === null) continue;");
      if (counted) body.push("    n++;");
      if (checks.length > 0) body.push(additional.nullable === true ? "    if (w !== null) {" : "    {", ...checks.map((l) => "  " + l), "    }");
      body.push("  }");
    } else if (open && counted) {
      this.runtime.add("keyCount");
      body.push("  const n = keyCount(x);");
    }
    if (counted) body.push(...this.countChecks(schema, "n", here.expression(), "maxProperties", "  "));
    body.push(...this.celChecks(schema, "x", here.expression(), old ? "o" : undefined, hint, "  "));

    this.functions.push([this.signature(name, "Record<string, unknown>", path, old), ...body.filter((l) => l !== ""), "}"].join("\n"));
    return name;
  }

  private arrayFunction(schema: JSONSchemaProps, path: FieldPath, hint: string, withOld: boolean): string {
    const name = this.identifier(hint);
    const here = path.literal === undefined ? FieldPath.variable("p") : path;
    const old = withOld && this.needsOld(schema);
    const P = here.expression();
    const body: Lines = [...this.countChecks(schema, "n", P, "maxItems", "  ")];
    const items = schema.items;
    const listType = schema["x-kubernetes-list-type"];
    const keys = schema["x-kubernetes-list-map-keys"] ?? [];
    if (items !== undefined) {
      let itemOld: string | undefined;
      if (old && listType === "map" && this.needsOld(items)) {
        this.runtime.add("oldListMapItem");
        itemOld = `oldListMapItem(o, w, ${JSON.stringify(keys)})`;
      }
      const checks = this.valueChecks(items, "w", here.element("i"), itemOld, `${hint}_item`, "      ");
      const untyped = items.type === undefined && items["x-kubernetes-int-or-string"] !== true;
      const itemNullEnum = items.nullable === true ? this.nullEnumCheck(items, here.element("i").expression(), "      ") : undefined;
      const nullCheck =
        items.nullable === true || untyped
          ? itemNullEnum !== undefined
            ? [`    if (w === null || w === undefined) {`, itemNullEnum]
            : []
          : [`    if (w === null || w === undefined) {`, `      c.type(${here.element("i").expression()}, w, ${JSON.stringify(items["x-kubernetes-int-or-string"] ? "integer,string" : items.type)});`];
      if (checks.length > 0 || nullCheck.length > 0) {
        body.push("  for (let i = 0; i < n; i++) {", "    const w = x[i];");
        if (nullCheck.length > 0) body.push(...nullCheck, checks.length > 0 ? "    } else {" : "    }");
        else body.push("    if (w !== null && w !== undefined) {");
        if (checks.length > 0) body.push(...checks, "    }");
        body.push("  }");
      }
    }
    if (body.some((l) => /\bn\b/.test(l))) body.unshift("  const n = x.length;");
    if (listType === "set") {
      this.runtime.add("checkListSet");
      body.push(`  checkListSet(c, ${P}, x);`);
    } else if (listType === "map") {
      this.runtime.add("checkListMap");
      body.push(`  checkListMap(c, ${P}, x, ${JSON.stringify(keys)});`);
    }
    body.push(...this.celChecks(schema, "x", P, old ? "o" : undefined, hint, "  "));
    this.functions.push([this.signature(name, "unknown[]", path, old), ...body, "}"].join("\n"));
    return name;
  }

  /**
   * A closed object (unknown fields are pruned): one pass over its keys, each dispatched to its
   * property's checks, then the required properties not seen. Reading only the keys present is what
   * makes this fast: a missing property is the slowest lookup on objects of many shapes.
   */
  private closedObjectBody(schema: JSONSchemaProps, here: FieldPath, hint: string, old: boolean, root: RootInfo | undefined): Lines {
    const properties = Object.entries(schema.properties ?? {});
    const embedded = schema["x-kubernetes-embedded-resource"] === true;
    const counted = schema.minProperties !== undefined || schema.maxProperties !== undefined;
    const required = schema.required ?? [];
    const seen = new Map<string, string>();
    const out: Lines = [];
    const cases: Lines = [];
    const present = (key: string, nullable: boolean) => {
      const flag = seen.get(key);
      return [
        `        if (v !== undefined${nullable ? "" : " && v !== null"}) {`,
        ...(flag !== undefined ? [`          ${flag} = true;`] : []),
        ...(counted ? ["          n++;"] : []),
      ];
    };
    for (const key of required) {
      if (root === undefined || (key !== "apiVersion" && key !== "kind" && key !== "metadata")) seen.set(key, this.identifier(`has_${key}`));
    }
    const special = root !== undefined ? ["metadata"] : [];
    const implicit = [
      ...(embedded ? ["apiVersion", "kind", "metadata"].filter((k) => schema.properties?.[k] === undefined) : []),
      ...(root !== undefined ? ["apiVersion", "kind"] : []),
    ];
    for (const [key, property] of properties) {
      if (special.includes(key) || (root !== undefined && (key === "apiVersion" || key === "kind"))) continue;
      const at = here.child(key);
      const childOld = old && this.needsOld(property) ? `oldChild(o, ${JSON.stringify(key)})` : undefined;
      if (childOld !== undefined) this.runtime.add("oldChild");
      const checks = this.valueChecks(property, "v", at, childOld, `${hint}_${key}`, "            ");
      const nullable = property.nullable === true;
      cases.push(`      case ${JSON.stringify(key)}:`, ...present(key, nullable));
      const nullEnum = nullable ? this.nullEnumCheck(property, at.expression(), "") : undefined;
      if (checks.length > 0 || nullEnum !== undefined) {
        cases.push(
          ...(nullable
            ? ["          if (v !== null) {", ...checks, ...(nullEnum !== undefined ? ["          } else {", `            ${nullEnum}`] : []), "          }"]
            : checks.map((l) => l.slice(2))),
        );
      }
      cases.push("        }", "        break;");
    }
    for (const key of implicit) cases.push(`      case ${JSON.stringify(key)}:`, "        break;");
    for (const key of special) cases.push(`      case ${JSON.stringify(key)}:`, "        meta = v;", "        break;");
    for (const flag of seen.values()) out.push(`  let ${flag} = false;`);
    if (special.length > 0) out.push("  let meta: unknown;");
    if (counted) out.push("  let n = 0;");
    if (cases.length === 0) {
      out.push("  for (const k in x) {", `    c.unknownField(${here.memberExpression("k")});`, "  }");
    } else {
      out.push("  for (const k in x) {", "    const v = x[k];", "    switch (k) {", ...cases, "      default:");
      out.push(`        c.unknownField(${here.memberExpression("k")});`, "    }", "  }");
    }
    for (const [key, flag] of seen) out.push(`  if (!${flag}) c.required(${here.child(key).expression()});`);
    if (embedded) {
      this.runtime.add("checkEmbeddedResource");
      out.push(`  checkEmbeddedResource(c, ${here.expression()}, x);`);
    }
    if (root !== undefined) {
      this.runtime.add("checkObjectMeta");
      const options = `{ namespaced: ${root.namespaced}, nameRequired: true }`;
      out.push(`  checkObjectMeta(c, ${here.child("metadata").expression()}, meta, ${options});`);
      const metaSchema = schema.properties?.metadata;
      if (metaSchema?.properties !== undefined) {
        this.runtime.add("isObject");
        const fn = this.objectFunction(metaSchema, here.child("metadata"), `${hint}_metadata`, { old: false, open: true });
        out.push(`  if (isObject(meta)) ${this.callNode(fn, "meta", here.child("metadata"), undefined)}`);
      }
    }
    return out;
  }

  /** An open object (preserve-unknown-fields, a map with properties, a junctor branch): read each property. */
  private openObjectBody(schema: JSONSchemaProps, here: FieldPath, hint: string, old: boolean): Lines {
    const properties = Object.entries(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    const out: Lines = [];
    for (const [key, property] of properties) {
      const at = here.child(key);
      const P = at.expression();
      const childOld = old && this.needsOld(property) ? `oldChild(o, ${JSON.stringify(key)})` : undefined;
      if (childOld !== undefined) this.runtime.add("oldChild");
      const checks = this.valueChecks(property, "v", at, childOld, `${hint}_${key}`, "    ");
      const nullEnum = property.nullable === true ? this.nullEnumCheck(property, P, "    ") : undefined;
      if (checks.length === 0 && nullEnum === undefined && !required.has(key)) continue;
      out.push(`  v = ${this.access("x", key)};`);
      const missing = property.nullable === true ? "v === undefined" : "v === undefined || v === null";
      if (required.has(key)) {
        out.push(`  if (${missing}) {`, `    c.required(${P});`);
        if (checks.length > 0) out.push(property.nullable === true ? `  } else if (v !== null) {` : "  } else {", ...checks);
        out.push("  }");
      } else if (checks.length > 0) {
        out.push(`  if (v !== undefined && v !== null) {`, ...checks, "  }");
      }
      if (nullEnum !== undefined) out.push("  if (v === null) {", nullEnum, "  }");
    }
    if (out.length > 0) out.unshift("  let v: unknown;");
    for (const key of required) {
      if (schema.properties?.[key] !== undefined) continue;
      this.runtime.add("own");
      out.push(`  if (own(x, ${JSON.stringify(key)}) === undefined) c.required(${here.child(key).expression()});`);
    }
    return out;
  }

  private embeddedChecks(here: FieldPath): Lines {
    this.runtime.add("checkEmbeddedResource");
    return [`  checkEmbeddedResource(c, ${here.expression()}, x);`];
  }

  /** A null in a nullable node still has to be one of its enum values (kube-openapi checks enum on null). */
  private nullEnumCheck(schema: JSONSchemaProps, P: string, indent: string): string | undefined {
    if (schema.enum === undefined || schema.enum.includes(null)) return undefined;
    return `${indent}c.unsupported(${P}, null, ${JSON.stringify(schema.enum)});`;
  }

  private countChecks(schema: JSONSchemaProps, n: string, P: string, rule: "maxItems" | "maxProperties", indent: string): Lines {
    const max = rule === "maxItems" ? schema.maxItems : schema.maxProperties;
    const min = rule === "maxItems" ? schema.minItems : schema.minProperties;
    const out: Lines = [];
    if (max !== undefined) out.push(`${indent}if (${n} > ${max}) c.tooMany(${P}, ${JSON.stringify(rule)}, ${n}, ${max});`);
    if (min !== undefined && min > 0) {
      out.push(`${indent}if (${n} < ${min}) c.${rule === "maxItems" ? "tooFewItems" : "tooFewProperties"}(${P}, ${n}, ${min});`);
    }
    return out;
  }

  private enumCheck(schema: JSONSchemaProps, v: string, P: string, hint: string, indent: string): Lines {
    const values = schema.enum;
    if (values === undefined) return [];
    const list = this.constant(`${constantBase(hint)}_values`, `${JSON.stringify(values)} as const`);
    if (values.every((value): value is string => typeof value === "string")) {
      const set = this.constant(`${constantBase(hint)}_set`, `new Set<unknown>(${list})`);
      return [`${indent}if (!${set}.has(${v})) c.unsupported(${P}, ${v}, ${list});`];
    }
    this.runtime.add("enumIncludes");
    return [`${indent}if (!enumIncludes(${list}, ${v})) c.unsupported(${P}, ${v}, ${list});`];
  }

  private stringChecks(schema: JSONSchemaProps, v: string, P: string, hint: string, indent: string): Lines {
    const out: Lines = [];
    if (schema.maxLength !== undefined) {
      this.runtime.add("longerThan");
      out.push(`${indent}if (longerThan(${v}, ${schema.maxLength})) c.tooLong(${P}, ${schema.maxLength});`);
    }
    if (schema.minLength !== undefined && schema.minLength > 0) {
      this.runtime.add("shorterThan");
      out.push(`${indent}if (shorterThan(${v}, ${schema.minLength})) c.tooShort(${P}, ${v}, ${schema.minLength});`);
    }
    if (schema.pattern !== undefined) {
      const test = this.pattern(schema.pattern, hint);
      out.push(`${indent}if (!${test}(${v})) c.pattern(${P}, ${v}, ${JSON.stringify(schema.pattern)});`);
    }
    if (schema.format !== undefined && VALIDATED_FORMATS.includes(schema.format)) {
      const test = this.format(schema.format);
      out.push(`${indent}if (!${test}(${v})) c.format(${P}, ${v}, ${JSON.stringify(schema.format)});`);
    }
    return out;
  }

  private numberChecks(schema: JSONSchemaProps, v: string, P: string, indent: string): Lines {
    const out: Lines = [];
    if (schema.minimum !== undefined) {
      const op = schema.exclusiveMinimum === true ? "<=" : "<";
      out.push(`${indent}if (${v} ${op} ${schema.minimum}) c.minimum(${P}, ${v}, ${schema.minimum}, ${schema.exclusiveMinimum === true});`);
    }
    if (schema.maximum !== undefined) {
      const op = schema.exclusiveMaximum === true ? ">=" : ">";
      out.push(`${indent}if (${v} ${op} ${schema.maximum}) c.maximum(${P}, ${v}, ${schema.maximum}, ${schema.exclusiveMaximum === true});`);
    }
    if (schema.multipleOf !== undefined) {
      this.runtime.add("isMultipleOf");
      out.push(`${indent}if (!isMultipleOf(${v}, ${schema.multipleOf})) c.multipleOf(${P}, ${v}, ${schema.multipleOf});`);
    }
    return out;
  }

  private celChecks(schema: JSONSchemaProps, v: string, P: string, old: string | undefined, hint: string, indent: string): Lines {
    const rules = schema["x-kubernetes-validations"] ?? [];
    if (rules.length === 0) return [];
    this.usesCel = true;
    this.runtime.add("CelRule");
    const base = constantBase(hint);
    const isRoot = this.resourceRoots.has(schema) || schema["x-kubernetes-embedded-resource"] === true;
    const resourceRoot = isRoot ? ", { isResourceRoot: true }" : "";
    const schemaConst = this.constant(`${base}_schema`, `JSON.parse(${JSON.stringify(JSON.stringify(celSchema(schema)))})`);
    return rules.map((rule, i) => {
      const ruleConst = this.constant(
        `${base}_rule${i}`,
        `{\n  program: compileCelRule(${schemaConst}, ${JSON.stringify(ruleOptions(rule))}${resourceRoot}),\n  rule: ${JSON.stringify(rule.rule)},\n  optionalOldSelf: ${rule.optionalOldSelf === true},\n  type: ${JSON.stringify(schema.type ?? "")},\n}`,
        ": CelRule",
      );
      return `${indent}c.cel(${ruleConst}, ${P}, ${v}, ${old ?? "undefined"});`;
    });
  }

  /**
   * Junctors as kube-openapi reports them: a composite error without a path (`"spec" must validate …`),
   * plus the violations of the first failing branch (anyOf, oneOf with none valid) or of every part (allOf).
   */
  private junctorChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const out: Lines = [];
    const P = path.expression();
    const composite = (rule: string, text: string) => {
      this.runtime.add("messages");
      return `c.add("", ${JSON.stringify(rule)}, messages.invalid("", JSON.stringify(${P}) + ${JSON.stringify(" " + text)}));`;
    };
    const allOf = schema.allOf ?? [];
    if (allOf.length > 0) {
      const branches = allOf.map((b, i) => this.branch(b, `${hint}_allOf${i}`));
      out.push(`${indent}{`, `${indent}  let failed = 0;`);
      for (const fn of branches) out.push(`${indent}  if (!${fn}(${v}, ${P}, c)) failed++;`);
      out.push(`${indent}  if (failed > 0) ${composite("allOf", "must validate all the schemas (allOf)")}`, `${indent}}`);
    }
    const anyOf = schema.anyOf;
    const intOrStringPair =
      schema["x-kubernetes-int-or-string"] === true && anyOf?.length === 2 && anyOf.every((b) => Object.keys(b).length === 1 && b.type !== undefined);
    if (anyOf !== undefined && anyOf.length > 0 && !intOrStringPair) {
      const branches = anyOf.map((b, i) => this.branch(b, `${hint}_anyOf${i}`));
      out.push(`${indent}if (!(${branches.map((fn) => `${fn}(${v}, ${P}, null)`).join(" || ")})) {`);
      out.push(`${indent}  ${composite("anyOf", "must validate at least one schema (anyOf)")}`, `${indent}  ${branches[0]}(${v}, ${P}, c);`, `${indent}}`);
    }
    if (schema.oneOf !== undefined && schema.oneOf.length > 0) {
      const branches = schema.oneOf.map((b, i) => this.branch(b, `${hint}_oneOf${i}`));
      out.push(`${indent}{`, `${indent}  const valid = ${branches.map((fn) => `(${fn}(${v}, ${P}, null) ? 1 : 0)`).join(" + ")};`);
      this.runtime.add("messages");
      out.push(
        `${indent}  if (valid !== 1) c.add("", "oneOf", messages.invalid("", JSON.stringify(${P}) + " must validate one and only one schema (oneOf). " + (valid === 0 ? "Found none valid" : \`Found \${valid} valid alternatives\`)));`,
      );
      out.push(`${indent}  if (valid === 0) {`);
      for (const [i, fn] of branches.entries()) out.push(`${indent}    ${i === 0 ? "if" : "else if"} (!${fn}(${v}, ${P}, null)) ${fn}(${v}, ${P}, c);`);
      out.push(`${indent}  }`, `${indent}}`);
    }
    if (schema.not !== undefined) {
      const fn = this.branch(schema.not, `${hint}_not`);
      out.push(`${indent}if (${fn}(${v}, ${P}, null)) ${composite("not", "must not validate the schema (not)")}`);
    }
    return out;
  }

  /**
   * `(x, p, c) => boolean`: checks a junctor branch at path `p`, reporting into `c` (or, with null, only
   * answering whether the branch accepts the value).
   */
  private branch(schema: JSONSchemaProps, hint: string): string {
    const name = this.identifier(hint);
    const checks = this.untypedChecks(schema, "x", FieldPath.variable("p"), undefined, `${hint}_node`, "  ");
    this.functions.push(
      [
        `function ${name}(x: unknown, p: string, into: ValidationContext | null): boolean {`,
        "  const c = into ?? new ValidationContext(false, false);",
        "  const before = c.violations.length;",
        ...checks,
        "  return c.violations.length === before;",
        "}",
      ].join("\n"),
    );
    return name;
  }

  private pattern(pattern: string, hint: string): string {
    let name = this.patterns.get(pattern);
    if (name === undefined) {
      this.runtime.add("patternTest");
      name = this.identifier(`${constantBase(hint)}_pattern`);
      const note = isPortable(pattern) ? "" : " // RE2 engine: syntax JavaScript reads differently";
      this.constants.push(`const ${name} = patternTest(${JSON.stringify(pattern)});${note}`);
      this.patterns.set(pattern, name);
    }
    return name;
  }

  private format(format: string): string {
    let name = this.formats.get(format);
    if (name === undefined) {
      this.runtime.add("formatTest");
      this.runtime.add("FormatTest");
      name = this.identifier(`format_${format}`);
      this.constants.push(`const ${name}: FormatTest = formatTest(${JSON.stringify(format)}) ?? (() => true);`);
      this.formats.set(format, name);
    }
    return name;
  }

  private constant(hint: string, value: string, annotation = ""): string {
    const name = this.identifier(hint);
    this.constants.push(`const ${name}${annotation} = ${value};`);
    return name;
  }

  /** Reads an own property: plain `x.name` unless the name exists on Object.prototype. */
  private access(object: string, key: string): string {
    if (key in Object.prototype || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
      if (key in Object.prototype) {
        this.runtime.add("own");
        return `own(${object}, ${JSON.stringify(key)})`;
      }
      return `${object}[${JSON.stringify(key)}]`;
    }
    return `${object}.${key}`;
  }
}

/** `checkHealthEvent_spec_nodeName` → `HealthEvent_spec_nodeName`: constants are named after the node. */
function constantBase(hint: string): string {
  return hint.replace(/^check/, "");
}

/** The schema a CEL rule is compiled against: the node without documentation. */
function celSchema(schema: JSONSchemaProps): JSONSchemaProps {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description" || key === "example" || key === "title") continue;
    if (key === "properties" && value !== undefined) {
      copy.properties = Object.fromEntries(Object.entries(value as Record<string, JSONSchemaProps>).map(([k, v]) => [k, celSchema(v)]));
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && typeof value === "object" && value !== null) {
      copy[key] = celSchema(value as JSONSchemaProps);
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      copy[key] = (value as JSONSchemaProps[]).map(celSchema);
    } else {
      copy[key] = value;
    }
  }
  return copy as JSONSchemaProps;
}

function ruleOptions(rule: ValidationRule): ValidationRule {
  const out: ValidationRule = { rule: rule.rule };
  if (rule.message !== undefined) out.message = rule.message;
  if (rule.messageExpression !== undefined) out.messageExpression = rule.messageExpression;
  if (rule.reason !== undefined) out.reason = rule.reason;
  if (rule.fieldPath !== undefined) out.fieldPath = rule.fieldPath;
  if (rule.optionalOldSelf !== undefined) out.optionalOldSelf = rule.optionalOldSelf;
  return out;
}

