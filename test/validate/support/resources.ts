// The project's resources for the tests: CRDs from generated/crds, their generated validators, and the
// reference evaluator (src/crd-eval) compiled from the same CRD text.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { compileCrd, type CompiledVersion } from "../../../src/crd-eval/index.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "../../../src/schema/kubernetes.js";
import { validateExternalRemediationRequest } from "../../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_crd_validate.js";
import { validateHealthEvent } from "../../../generated/ts/nvsentinel/health/v1/health_event_crd_validate.js";
import type { Validate } from "./load-module.js";

export interface ProjectResource {
  kind: string;
  apiVersion: string;
  schema: JSONSchemaProps;
  crd: CustomResourceDefinition;
  validate: Validate;
  reference: CompiledVersion;
}

const ROOT = join(import.meta.dirname, "../../..");

function resource(file: string, validate: Validate): ProjectResource {
  const crd = parse(readFileSync(join(ROOT, "generated/crds", file), "utf8")) as CustomResourceDefinition;
  const version = crd.spec.versions[0];
  return {
    kind: crd.spec.names.kind,
    apiVersion: `${crd.spec.group}/${version.name}`,
    schema: version.schema.openAPIV3Schema,
    crd,
    validate,
    reference: compileCrd(crd).version(version.name)!,
  };
}

export const HEALTH_EVENT = resource("nvsentinel.dgxc.nvidia.com_healthevents.yaml", validateHealthEvent);
export const EXTERNAL_REMEDIATION_REQUEST = resource("nvsentinel.nvidia.com_externalremediationrequests.yaml", validateExternalRemediationRequest);
export const PROJECT_RESOURCES = [HEALTH_EVENT, EXTERNAL_REMEDIATION_REQUEST];

/** The paths the reference reports for a document: its errors and the fields it prunes (`unknown field "…"` warnings). */
export function referencePaths(reference: CompiledVersion, doc: unknown, oldObject?: unknown): string[] {
  // The generated validators check the document as written; subresource and served-version rules are crd-eval's own.
  const result = reference.admit(doc, oldObject === undefined ? { asWritten: true } : { oldObject, asWritten: true });
  const paths = result.errors.map((e) => (e.field === "<nil>" ? "" : e.field));
  for (const w of result.warnings) {
    const m = /^unknown field "(.*)"$/.exec(w);
    if (m) paths.push(m[1]);
  }
  return [...new Set(paths)].sort();
}

/**
 * What the reference reports for a document, as `<path>: <message>` lines in the apiserver's words: its
 * errors (admit, the whole pipeline, each copied and pruned) and the fields it prunes.
 */
export function referenceTexts(reference: CompiledVersion, doc: unknown, oldObject?: unknown): string[] {
  const result = reference.admit(doc, oldObject === undefined ? { asWritten: true } : { oldObject, asWritten: true });
  const texts = result.errors.map((e) => e.message.replace(/^<nil>: /, ": "));
  for (const w of result.warnings) {
    const m = /^unknown field "(.*)"$/.exec(w);
    if (m) texts.push(`${m[1]}: ${w}`);
  }
  return texts.sort();
}

/** Violations as `<path>: <message>` lines, sorted. */
export function violationTexts(violations: { path: string; message: string }[]): string[] {
  return violations.map((v) => `${v.path}: ${v.message}`).sort();
}

export function violationPaths(violations: { path: string }[], schema?: JSONSchemaProps): string[] {
  return [...new Set(violations.map((v) => (schema === undefined ? v.path : dottedMapKeys(v.path, schema))))].sort();
}

/**
 * `status.spanIds[key]` → `status.spanIds.key`: kube-openapi (the apiserver's schema validator, which the
 * reference follows) joins map keys with dots; our violations use field.Path's `[key]` form, as CEL errors do.
 */
export function dottedMapKeys(path: string, root: JSONSchemaProps): string {
  let out = "";
  let s: JSONSchemaProps | undefined = root;
  const re = /(?:^|\.)([^.[]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      out += out === "" ? m[1] : `.${m[1]}`;
      s = s?.properties?.[m[1]] ?? (typeof s?.additionalProperties === "object" ? s.additionalProperties : undefined);
    } else if (s?.type === "array") {
      out += `[${m[2]}]`;
      s = s.items;
    } else {
      out += `.${m[2]}`;
      s = typeof s?.additionalProperties === "object" ? s.additionalProperties : undefined;
    }
  }
  return out;
}
