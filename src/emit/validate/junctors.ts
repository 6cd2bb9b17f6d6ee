// allOf/anyOf/oneOf/not in generated validators: each branch is a function that either reports into a
// context or only answers whether it accepts the value.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { FieldPath } from "./paths.js";
import { annotation } from "../shared/printer.js";
import type { Lines, NodeCompiler } from "./writer.js";

/**
 * Junctors as kube-openapi reports them: a composite error without a path (`"spec" must validate …`),
 * plus the violations of the first failing branch (anyOf, oneOf with none valid) or of every part (allOf).
 */
export function junctorChecks(k: NodeCompiler, schema: JSONSchemaProps, v: string, path: FieldPath, hint: string, indent: string): Lines {
  const out: Lines = [];
  const P = path.expression();
  const composite = (rule: string, text: string) => {
    k.runtime.add("messages");
    return `c.add("", ${JSON.stringify(rule)}, messages.invalid("", JSON.stringify(${P}) + ${JSON.stringify(" " + text)}));`;
  };
  const allOf = schema.allOf ?? [];
  if (allOf.length > 0) {
    const branches = allOf.map((b, i) => branch(k, asBranchOf(schema, b), `${hint}_allOf${i}`));
    out.push(`${indent}{`, `${indent}  let failed = 0;`);
    for (const fn of branches) out.push(`${indent}  if (!${fn}(${v}, ${P}, c)) failed++;`);
    out.push(`${indent}  if (failed > 0) ${composite("allOf", "must validate all the schemas (allOf)")}`, `${indent}}`);
  }
  const anyOf = schema.anyOf;
  const intOrStringPair =
    schema["x-kubernetes-int-or-string"] === true && anyOf?.length === 2 && anyOf.every((b) => Object.keys(b).length === 1 && b.type !== undefined);
  if (anyOf !== undefined && anyOf.length > 0 && !intOrStringPair) {
    const branches = anyOf.map((b, i) => branch(k, asBranchOf(schema, b), `${hint}_anyOf${i}`));
    out.push(`${indent}if (!(${branches.map((fn) => `${fn}(${v}, ${P}, null)`).join(" || ")})) {`);
    out.push(`${indent}  ${composite("anyOf", "must validate at least one schema (anyOf)")}`, `${indent}  ${branches[0]}(${v}, ${P}, c);`, `${indent}}`);
  }
  if (schema.oneOf !== undefined && schema.oneOf.length > 0) {
    const branches = schema.oneOf.map((b, i) => branch(k, asBranchOf(schema, b), `${hint}_oneOf${i}`));
    out.push(`${indent}{`, `${indent}  const valid = ${branches.map((fn) => `(${fn}(${v}, ${P}, null) ? 1 : 0)`).join(" + ")};`);
    k.runtime.add("messages");
    out.push(
      `${indent}  if (valid !== 1) c.add("", "oneOf", messages.invalid("", JSON.stringify(${P}) + " must validate one and only one schema (oneOf). " + (valid === 0 ? "Found none valid" : \`Found \${valid} valid alternatives\`)));`,
    );
    out.push(`${indent}  if (valid === 0) {`);
    for (const [i, fn] of branches.entries()) out.push(`${indent}    ${i === 0 ? "if" : "else if"} (!${fn}(${v}, ${P}, null)) ${fn}(${v}, ${P}, c);`);
    out.push(`${indent}  }`, `${indent}}`);
  }
  if (schema.not !== undefined) {
    const fn = branch(k, asBranchOf(schema, schema.not), `${hint}_not`);
    out.push(`${indent}if (${fn}(${v}, ${P}, null)) ${composite("not", "must not validate the schema (not)")}`);
  }
  return out;
}

/**
 * `(x, p, c) => boolean`: checks a junctor branch at path `p`, reporting into `c` (or, with null, only
 * answering whether the branch accepts the value).
 */
function branch(k: NodeCompiler, schema: JSONSchemaProps, hint: string): string {
  const name = k.identifier(hint);
  const checks = k.untypedChecks(schema, "x", FieldPath.variable("p"), undefined, `${hint}_node`, "  ");
  k.functions.push(
    [
      `function ${name}(x${annotation("unknown")}, p${annotation("string")}, into${annotation("ValidationContext | null")})${annotation("boolean")} {`,
      "  const c = into ?? new ValidationContext(false, false);",
      "  const before = c.violations.length;",
      ...checks,
      "  return c.violations.length === before;",
      "}",
    ].join("\n"),
  );
  return name;
}

/**
 * A branch's `required` names properties of the enclosing object. kube-apiserver prunes a null value of a
 * property that is not nullable (and has no default) before it validates, so such a property counts as
 * absent in the branch too: the branch gets the property's nullability (an otherwise empty schema) so
 * its required check treats null as missing (e.g. the OpenAPI form of a oneof, `{required: [text]}`).
 */
function asBranchOf(parent: JSONSchemaProps, branchSchema: JSONSchemaProps): JSONSchemaProps {
  const parentProperties = parent.properties ?? {};
  const required = (branchSchema.required ?? []).filter((key) => parentProperties[key] !== undefined && branchSchema.properties?.[key] === undefined);
  const nested = (list: JSONSchemaProps[] | undefined) => list?.map((b) => asBranchOf(parent, b));
  const result: JSONSchemaProps = { ...branchSchema };
  if (required.length > 0) {
    result.properties = { ...branchSchema.properties };
    for (const key of required) result.properties[key] = parentProperties[key].nullable === true || parentProperties[key].default !== undefined ? { nullable: true } : {};
  }
  if (branchSchema.allOf) result.allOf = nested(branchSchema.allOf);
  if (branchSchema.anyOf) result.anyOf = nested(branchSchema.anyOf);
  if (branchSchema.oneOf) result.oneOf = nested(branchSchema.oneOf);
  if (branchSchema.not) result.not = asBranchOf(parent, branchSchema.not);
  return result;
}
