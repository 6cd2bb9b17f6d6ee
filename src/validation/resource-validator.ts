// The engine behind every generated `validate<Kind>`: a generated validators module holds only the
// version's schema (a readable object literal) and its identity, and hands both to resourceValidator.
// Validation is src/crd-eval's admission, the same code `crd-ts validate --crd` and `crd-ts serve` run, on
// the document as written (no subresource rules, no served-version refusal): prune (pruned fields are
// reported as `unknown field` violations), default, then validate schema keywords, metadata, list types
// and CEL rules, with the apiserver's ratcheting on update. Paths and messages are the apiserver's
// field errors word for word (`<path>: <message>`). The schema is compiled at the first call, so
// importing a validators module stays cheap.
import { compileVersion } from "../crd-eval/compiled-version.js";
import type { CompiledVersion } from "../crd-eval/compiled-version-types.js";
import { type FieldError, ROOT_FIELD } from "../crd-eval/field-error.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "../schema/kubernetes.js";
import type { Violation } from "./violation.js";

/** Options every generated `validate<Kind>` takes. */
export interface ValidateOptions {
  /**
   * The object before an update: transition rules (those that use `oldSelf`) run, and validation
   * ratchets like the apiserver's: a value equal to its old value keeps an existing violation without error.
   */
  oldObject?: unknown;
  /** False skips the CEL rules (x-kubernetes-validations): only the OpenAPI schema, metadata and list types are checked. */
  celRules?: boolean;
}

/** What a generated validators module knows of one resource version. */
export interface ResourceDefinition {
  /** `group/version`. */
  apiVersion: string;
  kind: string;
  scope: "Namespaced" | "Cluster";
  /** The version's `schema.openAPIV3Schema`, exactly as in the CRD. */
  schema: JSONSchemaProps;
}

export interface CompiledResourceValidator {
  readonly definition: ResourceDefinition;
  validate(obj: unknown, options?: ValidateOptions): Violation[];
}

const UNKNOWN_FIELD = /^unknown field "(.*)"$/;

/** A validator of `definition`; its schema and CEL rules are compiled once, at the first call. */
export function resourceValidator(definition: ResourceDefinition): CompiledResourceValidator {
  let compiled: CompiledVersion | undefined;
  return {
    definition,
    validate(obj, options) {
      try {
        if (compiled === undefined) {
          const crd = crdOf(definition);
          compiled = compileVersion(crd, crd.spec.versions[0]);
        }
        const { errors, warnings } = compiled.check(obj, { oldObject: options?.oldObject, celRules: options?.celRules, asWritten: true });
        const violations = errors.map(violationOf);
        for (const warning of warnings) {
          const m = UNKNOWN_FIELD.exec(warning);
          if (m !== null) violations.push({ path: m[1], rule: "unknown-field", message: warning });
        }
        return violations;
      } catch (e) {
        return [{ path: "", rule: "internal", message: `Internal error: ${e instanceof Error ? e.message : String(e)}` }];
      }
    },
  };
}

/** A field error as a violation: the apiserver's `<field>: <message>` split at the field. */
export function violationOf(error: FieldError): Violation {
  const { field, message } = error;
  const prefixed = message.startsWith(field) && message.startsWith(": ", field.length);
  return {
    path: field === ROOT_FIELD ? "" : field,
    rule: error.rule ?? "invalid",
    message: prefixed ? message.slice(field.length + 2) : message,
  };
}

function crdOf({ apiVersion, kind, scope, schema }: ResourceDefinition): CustomResourceDefinition {
  const slash = apiVersion.lastIndexOf("/");
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}
