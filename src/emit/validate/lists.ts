// Lists in generated validators: one function per list node checking counts, each item, the list type
// (set/map uniqueness) and the list's CEL rules.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { FieldPath } from "./paths.js";
import { countChecks, nullEnumCheck } from "./scalars.js";
import type { Lines, NodeCompiler } from "./writer.js";

/** The function checking a list node; it takes `(x, [p,] c[, o])`. */
export function arrayFunction(k: NodeCompiler, schema: JSONSchemaProps, path: FieldPath, hint: string, withOld: boolean): string {
  const name = k.identifier(hint);
  const here = path.literal === undefined ? FieldPath.variable("p") : path;
  const old = withOld && k.needsOld(schema);
  const P = here.expression();
  const body: Lines = [...countChecks(schema, "n", P, "maxItems", "  ")];
  const items = schema.items;
  const listType = schema["x-kubernetes-list-type"];
  const keys = schema["x-kubernetes-list-map-keys"] ?? [];
  if (items !== undefined) {
    let itemOld: string | undefined;
    if (old && listType === "map" && k.needsOld(items)) {
      k.runtime.add("oldListMapItem");
      itemOld = `oldListMapItem(o, w, ${JSON.stringify(keys)})`;
    }
    const checks = k.valueChecks(items, "w", here.element("i"), itemOld, `${hint}_item`, "      ");
    const untyped = items.type === undefined && items["x-kubernetes-int-or-string"] !== true;
    const itemNullEnum = items.nullable === true ? nullEnumCheck(items, here.element("i").expression(), "      ") : undefined;
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
    k.runtime.add("checkListSet");
    body.push(`  checkListSet(c, ${P}, x);`);
  } else if (listType === "map") {
    k.runtime.add("checkListMap");
    body.push(`  checkListMap(c, ${P}, x, ${JSON.stringify(keys)});`);
  }
  body.push(...k.celChecks(schema, "x", P, old ? "o" : undefined, hint, "  "));
  k.functions.push([k.signature(name, "unknown[]", path, old), ...body, "}"].join("\n"));
  return name;
}
