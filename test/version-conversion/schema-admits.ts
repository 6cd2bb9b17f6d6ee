// Whether a JSON value is one a CRD version's structural schema admits, for the keywords conversion can
// get wrong: unknown properties, types (int-or-string, nullable), enum values, integer bounds and
// patterns. Returns the paths of what it does not admit. (The full validators are tested elsewhere.)
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

export function notAdmitted(node: JSONSchemaProps, value: unknown, path = ""): string[] {
  if (value === null) return node.nullable ? [] : [`${path}: null`];
  if (node["x-kubernetes-preserve-unknown-fields"] && !node.properties) return [];
  const problems: string[] = [];
  if (node.enum && !node.enum.includes(value as never)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const type = Array.isArray(value) ? "array" : typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value;
  if (node["x-kubernetes-int-or-string"]) {
    if (type !== "integer" && type !== "string") problems.push(`${path}: ${type} is not int-or-string`);
  } else if (node.type && node.type !== type && !(node.type === "number" && type === "integer")) {
    problems.push(`${path}: ${type} is not ${node.type}`);
  }
  if (typeof value === "number" && ((node.minimum !== undefined && value < node.minimum) || (node.maximum !== undefined && value > node.maximum))) {
    problems.push(`${path}: ${value} out of bounds`);
  }
  if (typeof value === "string" && node.pattern && !new RegExp(node.pattern).test(value)) problems.push(`${path}: ${JSON.stringify(value)} does not match ${node.pattern}`);
  if (Array.isArray(value)) value.forEach((item, i) => problems.push(...notAdmitted(node.items ?? {}, item, `${path}[${i}]`)));
  else if (typeof value === "object") {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childNode = node.properties?.[key] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
      if (childNode) problems.push(...notAdmitted(childNode, child, `${path}.${key}`));
      else if (node.properties || node.additionalProperties === false) problems.push(`${path}.${key}: unknown field`);
    }
  }
  return problems;
}
