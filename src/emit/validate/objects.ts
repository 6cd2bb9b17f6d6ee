// Objects in generated validators: one function per object node. A closed object (unknown fields are
// pruned) is checked in one pass over its keys; an open one reads each declared property; maps check
// each value; the resource root also checks apiVersion/kind and metadata.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { FieldPath } from "./paths.js";
import { countChecks, nullEnumCheck } from "./scalars.js";
import { annotation } from "../shared/printer.js";
import type { Lines, NodeCompiler } from "./writer.js";

/** How the root node of a resource is special: apiVersion/kind literals and ObjectMeta. */
export interface RootInfo {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

/** The function checking an object node; it takes `(x, [p,] c[, o])`. */
export function objectFunction(
  k: NodeCompiler,
  schema: JSONSchemaProps,
  path: FieldPath,
  hint: string,
  options: { old: boolean; root?: RootInfo; open?: boolean },
): string {
  const name = k.identifier(hint);
  const here = path.literal === undefined ? FieldPath.variable("p") : path;
  const old = options.old && k.needsOld(schema);
  const body: Lines = [];
  const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  const open =
    options.open === true || schema["x-kubernetes-preserve-unknown-fields"] === true || schema.additionalProperties === true;
  const counted = schema.minProperties !== undefined || schema.maxProperties !== undefined;

  if (additional === undefined && !open) {
    body.push(...closedObjectBody(k, schema, here, hint, old, options.root));
  } else {
    body.push(...openObjectBody(k, schema, here, hint, old));
    if (embedded) body.push(...embeddedChecks(k, here));
  }
  if (additional !== undefined) {
    const valueOld = old && k.needsOld(additional) ? "oldChild(o, k)" : undefined;
    if (valueOld !== undefined) k.runtime.add("oldChild");
    const checks = k.valueChecks(additional, "w", here.element("k"), valueOld, `${hint}_value`, "    ");
    if (counted) body.push("  let n = 0;");
    body.push("  for (const k in x) {", "    const w = x[k];");
    body.push(additional.nullable === true ? "    if (w === undefined) continue;" : "    if (w === undefined || w === null) continue;");
    if (counted) body.push("    n++;");
    if (checks.length > 0) body.push(additional.nullable === true ? "    if (w !== null) {" : "    {", ...checks.map((l) => "  " + l), "    }");
    body.push("  }");
  } else if (open && counted) {
    k.runtime.add("keyCount");
    body.push("  const n = keyCount(x);");
  }
  if (counted) body.push(...countChecks(schema, "n", here.expression(), "maxProperties", "  "));
  body.push(...k.celChecks(schema, "x", here.expression(), old ? "o" : undefined, hint, "  "));

  k.functions.push([k.signature(name, "Record<string, unknown>", path, old), ...body.filter((l) => l !== ""), "}"].join("\n"));
  return name;
}


/**
 * A closed object (unknown fields are pruned): one pass over its keys, each dispatched to its
 * property's checks, then the required properties not seen. Reading only the keys present is what
 * makes this fast: a missing property is the slowest lookup on objects of many shapes.
 */
function closedObjectBody(k: NodeCompiler, schema: JSONSchemaProps, here: FieldPath, hint: string, old: boolean, root: RootInfo | undefined): Lines {
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
    if (root === undefined || (key !== "apiVersion" && key !== "kind" && key !== "metadata")) seen.set(key, k.identifier(`has_${key}`));
  }
  const special = root !== undefined ? ["metadata"] : [];
  const implicit = [
    ...(embedded ? ["apiVersion", "kind", "metadata"].filter((k) => schema.properties?.[k] === undefined) : []),
    ...(root !== undefined ? ["apiVersion", "kind"] : []),
  ];
  for (const [key, property] of properties) {
    if (special.includes(key) || (root !== undefined && (key === "apiVersion" || key === "kind"))) continue;
    const at = here.child(key);
    const childOld = old && k.needsOld(property) ? `oldChild(o, ${JSON.stringify(key)})` : undefined;
    if (childOld !== undefined) k.runtime.add("oldChild");
    const checks = k.valueChecks(property, "v", at, childOld, `${hint}_${key}`, "            ");
    const nullable = property.nullable === true;
    cases.push(`      case ${JSON.stringify(key)}:`, ...present(key, nullable));
    const nullEnum = nullable ? nullEnumCheck(property, at.expression(), "") : undefined;
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
  if (special.length > 0) out.push(`  let meta${annotation("unknown")};`);
  if (counted) out.push("  let n = 0;");
  if (cases.length === 0) {
    out.push("  for (const k in x) {", `    c.unknownField(${here.memberExpression("k")});`, "  }");
  } else {
    out.push("  for (const k in x) {", "    const v = x[k];", "    switch (k) {", ...cases, "      default:");
    out.push(`        c.unknownField(${here.memberExpression("k")});`, "    }", "  }");
  }
  for (const [key, flag] of seen) out.push(`  if (!${flag}) c.required(${here.child(key).expression()});`);
  if (embedded) {
    k.runtime.add("checkEmbeddedResource");
    out.push(`  checkEmbeddedResource(c, ${here.expression()}, x);`);
  }
  if (root !== undefined) {
    k.runtime.add("checkObjectMeta");
    const options = `{ namespaced: ${root.namespaced}, nameRequired: true }`;
    out.push(`  checkObjectMeta(c, ${here.child("metadata").expression()}, meta, ${options});`);
    const metaSchema = schema.properties?.metadata;
    if (metaSchema?.properties !== undefined) {
      k.runtime.add("isObject");
      const fn = objectFunction(k, metaSchema, here.child("metadata"), `${hint}_metadata`, { old: false, open: true });
      out.push(`  if (isObject(meta)) ${k.callNode(fn, "meta", here.child("metadata"), undefined)}`);
    }
  }
  return out;
}

/** An open object (preserve-unknown-fields, a map with properties, a junctor branch): read each property. */
function openObjectBody(k: NodeCompiler, schema: JSONSchemaProps, here: FieldPath, hint: string, old: boolean): Lines {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const out: Lines = [];
  for (const [key, property] of properties) {
    const at = here.child(key);
    const P = at.expression();
    const childOld = old && k.needsOld(property) ? `oldChild(o, ${JSON.stringify(key)})` : undefined;
    if (childOld !== undefined) k.runtime.add("oldChild");
    const checks = k.valueChecks(property, "v", at, childOld, `${hint}_${key}`, "    ");
    const nullEnum = property.nullable === true ? nullEnumCheck(property, P, "    ") : undefined;
    if (checks.length === 0 && nullEnum === undefined && !required.has(key)) continue;
    out.push(`  v = ${k.access("x", key)};`);
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
  if (out.length > 0) out.unshift(`  let v${annotation("unknown")};`);
  for (const key of required) {
    if (schema.properties?.[key] !== undefined) continue;
    k.runtime.add("own");
    out.push(`  if (own(x, ${JSON.stringify(key)}) === undefined) c.required(${here.child(key).expression()});`);
  }
  return out;
}

function embeddedChecks(k: NodeCompiler, here: FieldPath): Lines {
  k.runtime.add("checkEmbeddedResource");
  return [`  checkEmbeddedResource(c, ${here.expression()}, x);`];
}
