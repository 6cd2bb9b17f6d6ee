// The server's view of the independent CRD evaluator (src/crd-eval): prune, default and validate a
// custom resource as the apiserver would. Loaded lazily so the server runs (without schema checks)
// before that module exists.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import type { FieldError } from "./status.js";
import type { JsonObject } from "./json-values.js";

export interface Admission {
  /** The object as it would be stored (pruned and defaulted), the validation errors, and warnings. */
  admit(object: JsonObject, oldObject?: JsonObject, subresource?: "status"): { object: JsonObject; errors: FieldError[]; warnings: string[] };
}

/** What src/crd-eval exports, as far as the server uses it. */
interface EvaluatorFieldError {
  type: string;
  field: string;
  detail?: string;
  message: string;
}
interface EvaluatorModule {
  compileCrd(crd: CustomResourceDefinition): {
    version(name: string):
      | {
          admit(
            object: unknown,
            options?: { oldObject?: unknown; subresource?: "status" },
          ): { object: unknown; errors: EvaluatorFieldError[]; warnings: string[] };
        }
      | undefined;
  };
}

const CAUSE_TYPES: Record<string, string> = {
  Required: "FieldValueRequired",
  Invalid: "FieldValueInvalid",
  NotSupported: "FieldValueNotSupported",
  Unsupported: "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden",
  Duplicate: "FieldValueDuplicate",
  TooLong: "FieldValueTooLong",
  TooMany: "FieldValueTooMany",
  TypeInvalid: "FieldValueTypeInvalid",
  NotFound: "FieldValueNotFound",
};

function toFieldError(error: EvaluatorFieldError): FieldError {
  const type = error.type.startsWith("FieldValue") ? error.type : (CAUSE_TYPES[error.type] ?? error.type);
  const prefix = `${error.field}: `;
  const body = error.field !== "" && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return { type, field: error.field, body };
}

let evaluator: EvaluatorModule | null | undefined;

/** Loads src/crd-eval once; null when it is not there (yet). */
export async function loadEvaluator(): Promise<EvaluatorModule | null> {
  if (evaluator === undefined) {
    const specifier = "../crd-eval/index.js";
    try {
      evaluator = (await import(specifier)) as EvaluatorModule;
    } catch {
      evaluator = null;
    }
  }
  return evaluator;
}

export function evaluatorAvailable(): boolean {
  return evaluator !== null && evaluator !== undefined;
}

const PASS_THROUGH: Admission = { admit: (object) => ({ object, errors: [], warnings: [] }) };

/** Admission for one served version of a CRD; pass-through when the evaluator is missing or fails to compile it. */
export function admissionFor(crd: CustomResourceDefinition, version: string): Admission {
  if (!evaluator) return PASS_THROUGH;
  const compiled = evaluator.compileCrd(crd).version(version);
  if (!compiled) return PASS_THROUGH;
  return {
    admit(object, oldObject, subresource) {
      // The evaluator applies the status subresource rules too: tell it which endpoint was written.
      const result = compiled.admit(object, oldObject ? { oldObject, ...(subresource !== undefined ? { subresource } : {}) } : {});
      return {
        object: result.object as JsonObject,
        errors: result.errors.map(toFieldError),
        warnings: result.warnings,
      };
    },
  };
}
