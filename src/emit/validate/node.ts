// Compiles a CRD schema into straight-line TypeScript, one function per object or list node and the
// scalar checks inline, so a validation call does no schema interpretation (as ajv compiles schemas).
// The emitted code calls the small runtime in protoc-gen-crd-ts/validation (src/validation).
// This file dispatches on a node's type; objects, lists, junctors, scalars and CEL rules are emitted by
// the files next to it.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { CelSchemas, celChecks, rulesReadOldSelf } from "./cel.js";
import { annotation } from "../shared/printer.js";
import { junctorChecks } from "./junctors.js";
import { arrayFunction } from "./lists.js";
import { objectFunction, type RootInfo } from "./objects.js";
import { FieldPath } from "./paths.js";
import { enumCheck, numberChecks, stringChecks, typeGuarded } from "./scalars.js";
import { CodeWriter, type Lines } from "./writer.js";

export type { RootInfo } from "./objects.js";

export class ValidatorCompiler extends CodeWriter {
  private readonly oldNeeded = new Map<JSONSchemaProps, boolean>();
  /** Schemas whose CEL rules see apiVersion, kind and metadata (resource roots, embedded resources). */
  private readonly resourceRoots = new Set<JSONSchemaProps>();
  private readonly celSchemas = new CelSchemas(this);

  /** The function validating a resource's root object; it takes `(x, c, o)`. */
  rootFunction(schema: JSONSchemaProps, hint: string, root: RootInfo): string {
    this.resourceRoots.add(schema);
    this.celSchemas.declareUnder(schema, hint.replace(/^check/, ""));
    return objectFunction(this, schema, FieldPath.root, hint, { root, old: true });
  }

  /** Whether any rule at or below `schema` reads `oldSelf` (then old values are threaded down). */
  needsOld(schema: JSONSchemaProps | undefined): boolean {
    if (schema === undefined) return false;
    const known = this.oldNeeded.get(schema);
    if (known !== undefined) return known;
    this.oldNeeded.set(schema, false);
    const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    const result =
      rulesReadOldSelf(schema) ||
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
    return untyped ? typed : [...typed, ...junctorChecks(this, schema, v, path, hint, indent)];
  }

  private typedChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const P = path.expression();
    const type = schema.type;
    const intOrString = schema["x-kubernetes-int-or-string"] === true;
    const inner = indent + "  ";
    const out: Lines = [];
    if (intOrString) {
      out.push(`${indent}if (typeof ${v} === "number" && Number.isInteger(${v})) {`);
      out.push(...enumCheck(this, schema, v, P, hint, inner), ...numberChecks(this, schema, v, P, inner), ...this.celChecks(schema, v, P, old, hint, inner));
      out.push(`${indent}} else if (typeof ${v} === "string") {`);
      out.push(...enumCheck(this, schema, v, P, hint, inner), ...stringChecks(this, schema, v, P, hint, inner), ...this.celChecks(schema, v, P, old, hint, inner));
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
        return typeGuarded(`typeof ${v} !== "string"`, "string", v, P, indent, [
          ...enumCheck(this, schema, v, P, hint, inner),
          ...stringChecks(this, schema, v, P, hint, inner),
          ...this.celChecks(schema, v, P, old, hint, inner),
        ], schema.format ?? "");
      case "integer":
      case "number":
        return typeGuarded(
          type === "integer" ? `typeof ${v} !== "number" || !Number.isInteger(${v})` : `typeof ${v} !== "number" || !Number.isFinite(${v})`,
          type,
          v,
          P,
          indent,
          [
            ...enumCheck(this, schema, v, P, hint, inner),
            ...numberChecks(this, schema, v, P, inner),
            ...this.celChecks(schema, v, P, old, hint, inner),
          ],
          schema.format ?? "",
        );
      case "boolean":
        return typeGuarded(
          `typeof ${v} !== "boolean"`,
          "boolean",
          v,
          P,
          indent,
          [...enumCheck(this, schema, v, P, hint, inner), ...this.celChecks(schema, v, P, old, hint, inner)],
          schema.format ?? "",
        );
      case "object": {
        this.runtime.add("isObject");
        const call = this.callNode(objectFunction(this, schema, path, hint, { old: old !== undefined }), v, path, old);
        return typeGuarded(`!isObject(${v})`, "object", v, P, indent, [`${inner}${call}`]);
      }
      case "array": {
        this.runtime.add("isArray");
        const call = this.callNode(arrayFunction(this, schema, path, hint, old !== undefined), v, path, old);
        return typeGuarded(`!isArray(${v})`, "array", v, P, indent, [`${inner}${call}`]);
      }
      default:
        return this.untypedChecks(schema, v, path, old, hint, indent);
    }
  }

  /** No `type` (preserve-unknown-fields, or a junctor branch): each keyword applies to the values it fits. */
  untypedChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines {
    const P = path.expression();
    const inner = indent + "  ";
    const out: Lines = [...enumCheck(this, schema, v, P, hint, indent)];
    const strings = stringChecks(this, schema, v, P, hint, inner);
    if (strings.length > 0) out.push(`${indent}if (typeof ${v} === "string") {`, ...strings, `${indent}}`);
    const numbers = numberChecks(this, schema, v, P, inner);
    if (numbers.length > 0) out.push(`${indent}if (typeof ${v} === "number") {`, ...numbers, `${indent}}`);
    if (schema.items !== undefined || schema.minItems !== undefined || schema.maxItems !== undefined) {
      this.runtime.add("isArray");
      const call = this.callNode(arrayFunction(this, schema, path, hint, old !== undefined), v, path, old);
      out.push(`${indent}if (isArray(${v})) ${call}`);
    }
    const objectKeywords = ["properties", "required", "additionalProperties", "minProperties", "maxProperties"] as const;
    if (objectKeywords.some((k) => schema[k] !== undefined)) {
      this.runtime.add("isObject");
      const call = this.callNode(objectFunction(this, schema, path, hint, { old: old !== undefined, open: true }), v, path, old);
      out.push(`${indent}if (isObject(${v})) ${call}`);
    }
    out.push(...this.celChecks(schema, v, P, old, hint, indent), ...junctorChecks(this, schema, v, path, hint, indent));
    return out;
  }

  /** The CEL rules of `schema` checked on value `v`. */
  celChecks(schema: JSONSchemaProps, v: string, P: string, old: string | undefined, hint: string, indent: string): Lines {
    const isRoot = this.resourceRoots.has(schema) || schema["x-kubernetes-embedded-resource"] === true;
    return celChecks(this, this.celSchemas, schema, isRoot, v, P, old, hint, indent);
  }

  /** A call of a node function emitted by objectFunction/arrayFunction (see `signature`). */
  callNode(fn: string, v: string, path: FieldPath, old: string | undefined): string {
    const args = [v];
    if (path.literal === undefined) args.push(path.expression());
    args.push("c");
    if (old !== undefined) args.push(old);
    return `${fn}(${args.join(", ")});`;
  }

  /** `function name(x, [p,] c[, o])`: the path parameter only when the path is not known here. */
  signature(name: string, valueType: string, path: FieldPath, old: boolean): string {
    const params = [`x${annotation(valueType)}`];
    if (path.literal === undefined) params.push(`p${annotation("string")}`);
    params.push(`c${annotation("ValidationContext")}`);
    if (old) params.push(`o${annotation("unknown")}`);
    return `function ${name}(${params.join(", ")})${annotation("void")} {`;
  }
}
