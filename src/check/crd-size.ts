// The size of a CRD as the API server stores it (JSON). etcd keeps at most 1.5 MiB per object
// (kube-apiserver's default --max-request-bytes for etcd, 1,572,864 bytes): a larger CRD cannot be
// created. Client-side `kubectl apply` also copies the object into an annotation limited to 256 KiB.
import type { Diagnostic } from "../schema/diagnostics.js";
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { ResourceModel } from "../schema/model.js";

export const CLIENT_SIDE_APPLY_BYTES = 256 * 1024;
export const MAX_STORED_OBJECT_BYTES = 1_572_864;

export interface SizeContributor {
  what: string;
  bytes: number;
}

export function crdJsonSize(model: ResourceModel): number {
  return Buffer.byteLength(JSON.stringify(model.crd));
}

export function checkCrdSize(model: ResourceModel): Diagnostic[] {
  const size = crdJsonSize(model);
  const name = model.crd.metadata.name;
  if (size > MAX_STORED_OBJECT_BYTES) {
    const contributors = sizeContributors(model)
      .slice(0, 4)
      .map((c) => `${c.what} ${c.bytes} bytes`)
      .join(", ");
    return [
      {
        severity: "error",
        rule: "size/too-large",
        message:
          `${name} is ${size} bytes as JSON, more than the ${MAX_STORED_OBJECT_BYTES} bytes the API server can store for one object; ` +
          `largest contributors: ${contributors}; shrink it with descriptions=first_sentence, descriptions=none or max_desc_len=<n>, ` +
          `a smaller recursion_depth or size_target, or hide_description on large messages`,
        location: model.location,
      },
    ];
  }
  if (size > CLIENT_SIDE_APPLY_BYTES) {
    return [
      {
        severity: "warning",
        rule: "size/client-side-apply",
        message: `${name} is ${size} bytes as JSON; client-side kubectl apply fails above ${CLIENT_SIDE_APPLY_BYTES} bytes (use server-side apply, descriptions=first_sentence or max_desc_len)`,
        location: model.location,
      },
    ];
  }
  return [];
}

/**
 * What makes a CRD large, largest first: all descriptions together, and for each recursive message
 * the copies unrolled inside itself (the subtree of every occurrence nested in another of the same message).
 */
export function sizeContributors(model: ResourceModel): SizeContributor[] {
  let descriptions = 0;
  const unrolled = new Map<string, number>();
  // `counted`: messages whose unrolled copy encloses this node and has been counted whole already.
  const visit = (node: JSONSchemaProps, enclosing: readonly string[], counted: ReadonlySet<string>): void => {
    if (typeof node.description === "string") descriptions += Buffer.byteLength(JSON.stringify(node.description)) + 14;
    const encoding = model.annotations.encodings.get(node);
    let inside = enclosing;
    let countedHere = counted;
    if (encoding?.kind === "message") {
      if (enclosing.includes(encoding.typeName) && !counted.has(encoding.typeName)) {
        unrolled.set(encoding.typeName, (unrolled.get(encoding.typeName) ?? 0) + Buffer.byteLength(JSON.stringify(node)));
        countedHere = new Set([...counted, encoding.typeName]);
      }
      inside = [...enclosing, encoding.typeName];
    }
    for (const child of children(node)) visit(child, inside, countedHere);
  };
  for (const version of model.crd.spec.versions) {
    const root = version.schema?.openAPIV3Schema;
    if (root) visit(root, [], new Set());
  }
  const result: SizeContributor[] = [{ what: "descriptions", bytes: descriptions }];
  for (const [typeName, bytes] of unrolled) result.push({ what: `unrolled recursion of ${typeName}`, bytes });
  return result.sort((a, b) => b.bytes - a.bytes || (a.what < b.what ? -1 : 1));
}

function children(node: JSONSchemaProps): JSONSchemaProps[] {
  const out: JSONSchemaProps[] = [];
  if (node.properties) out.push(...Object.values(node.properties));
  if (node.items && !Array.isArray(node.items)) out.push(node.items);
  if (typeof node.additionalProperties === "object") out.push(node.additionalProperties);
  return out;
}
