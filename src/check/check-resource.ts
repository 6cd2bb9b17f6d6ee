// Runs every self-check on a resource model and reports problems at the .proto element behind them.
import type { Diagnostic, SourceLocation } from "../schema/diagnostics.js";
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { ResourceModel } from "../schema/model.js";
import type { KubernetesVersion } from "../cel/library/versions.js";
import { judgeCustomResourceDefinition } from "./apiserver-rules.js";
import { renderFieldPath } from "./field-error.js";
import type { PathElement, Problem } from "./problem.js";

export function checkResource(model: ResourceModel, kubernetesVersion?: KubernetesVersion): Diagnostic[] {
  const { rejections, lint } = judgeCustomResourceDefinition(model.crd, kubernetesVersion);
  const problems = [...rejections, ...lint];
  return problems.map((p) => ({
    severity: p.severity,
    rule: p.rule,
    message: `${model.crd.metadata.name}: ${messageAt(p)}`,
    location: locationOf(model, p.path),
  }));
}

/** The origin of the deepest schema node on `path`, or the version's or resource's option. */
export function locationOf(model: ResourceModel, path: readonly PathElement[]): SourceLocation {
  let location = model.location;
  let node: unknown = model.crd;
  for (let i = 0; i < path.length && node !== null && typeof node === "object"; i++) {
    node = (node as Record<string | number, unknown>)[path[i]];
    if (path[i - 1] === "versions" && path[i - 2] === "spec" && typeof path[i] === "number") {
      location = model.versions[path[i] as number]?.location ?? location;
    }
    const origin = node !== null && typeof node === "object" ? model.annotations.origins.get(node as JSONSchemaProps) : undefined;
    if (origin) location = origin;
  }
  return location;
}

/**
 * The message prefixed by where it applies. Problems start with the part of their path below some
 * base (`spec.names.kind: Invalid value…`); that part is replaced by the whole path, so it is not said twice.
 */
function messageAt(p: Problem): string {
  for (let k = 0; k < p.path.length; k++) {
    const lead = `${renderFieldPath(p.path.slice(k))}: `;
    if (p.message.startsWith(lead)) return `${displayPath(p.path)}: ${p.message.slice(lead.length)}`;
  }
  return p.path.length === 0 ? p.message : `${displayPath(p.path)}: ${p.message}`;
}

/** `spec.versions[0].schema.openAPIV3Schema.properties.spec…` shortened to the part users wrote. */
export function displayPath(path: readonly PathElement[]): string {
  const parts: string[] = [];
  let i = 0;
  if (path[0] === "spec" && path[1] === "versions" && path[3] === "schema" && path[4] === "openAPIV3Schema") {
    parts.push(`openAPIV3Schema`);
    i = 5;
  }
  for (; i < path.length; i++) {
    const el = path[i];
    if (el === "properties" && i + 1 < path.length) {
      parts.push(`.${path[++i]}`);
    } else if (typeof el === "number") {
      parts.push(`[${el}]`);
    } else {
      parts.push(`.${el}`);
    }
  }
  return parts.join("").replace(/^\./, "");
}
