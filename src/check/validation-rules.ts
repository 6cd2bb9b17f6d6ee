// The static shape of x-kubernetes-validations entries (crd-rules §B 18). Compiling the CEL and
// estimating its cost is the job of ./cel/; here only what can be seen without a CEL parser.
import { resolveFieldPath } from "./cel-field-path.js";
import { invalid, problemAt, renderFieldPath, required, unsupported } from "./field-error.js";
import type { Problem } from "./problem.js";
import type { SchemaNode } from "./schema-walk.js";

const REASONS = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];
const LINE_BREAK = /[\n\r]/;
/** A textual stand-in for "the compiled rule references oldSelf". */
const USES_OLD_SELF = /\boldSelf\b/;

/** Reports a problem with one keyword of the entry being checked. */
type Report = (rule: string, keyword: string, text: string) => void;

export function checkValidationRules(node: SchemaNode, out: Problem[]): void {
  const entries: unknown = node.schema["x-kubernetes-validations"];
  if (!Array.isArray(entries)) return;
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null) return;
    const report: Report = (rule, keyword, text) => out.push(problemAt(rule, node.path, ["x-kubernetes-validations", i, keyword], text));
    const { rule, message, messageExpression, reason, fieldPath, optionalOldSelf } = entry as Record<string, unknown>;
    const ruleText = typeof rule === "string" ? rule : "";
    checkRuleAndMessage(ruleText, message, report);
    if (typeof messageExpression === "string" && messageExpression !== "" && messageExpression.trim() === "") {
      report("schema/validation-message-expression-empty", "messageExpression", required("messageExpression must be non-empty if specified"));
    }
    if (reason !== undefined && !REASONS.includes(reason as string)) {
      report("schema/validation-reason-unsupported", "reason", unsupported(reason, REASONS));
    }
    if (typeof fieldPath === "string") checkFieldPath(node, fieldPath, report);
    // The apiserver only compiles rules of the structural schema, so only there does it look for oldSelf.
    if (node.nested || ruleText.trim() === "") return;
    if (USES_OLD_SELF.test(ruleText)) {
      if (node.uncorrelatableAt !== undefined) {
        const detail = `oldSelf cannot be used on the uncorrelatable portion of the schema within ${renderFieldPath(node.uncorrelatableAt)}`;
        report("schema/validation-old-self-uncorrelatable", "rule", invalid(ruleText, detail));
      }
    } else if (optionalOldSelf !== undefined) {
      report("schema/validation-optional-old-self-unused", "optionalOldSelf", invalid(optionalOldSelf, "may not be set if oldSelf is not used in rule"));
    }
  });
}

/** The apiserver reports only the first of these, in this order. */
function checkRuleAndMessage(rule: string, message: unknown, report: Report): void {
  const trimmedMessage = typeof message === "string" ? message.trim() : "";
  if (rule.trim() === "") {
    report("schema/validation-rule-required", "rule", required("rule is not specified"));
  } else if (typeof message === "string" && message !== "" && trimmedMessage === "") {
    report("schema/validation-message-empty", "message", invalid(message, "message must be non-empty if specified"));
  } else if (LINE_BREAK.test(trimmedMessage)) {
    report("schema/validation-message-multiline", "message", invalid(message, "message must not contain line breaks"));
  } else if (LINE_BREAK.test(rule.trim()) && trimmedMessage === "") {
    report("schema/validation-message-required", "message", required("message must be specified if rule contains line breaks"));
  }
}

function checkFieldPath(node: SchemaNode, fieldPath: string, report: Report): void {
  const invalidPath = (detail: string) => report("schema/validation-field-path-invalid", "fieldPath", invalid(fieldPath, detail));
  if (fieldPath !== "" && fieldPath.trim() === "") {
    invalidPath("fieldPath must be non-empty if specified");
  } else if (LINE_BREAK.test(fieldPath)) {
    invalidPath("fieldPath must not contain line breaks");
  } else if (fieldPath !== "") {
    const resolved = resolveFieldPath(fieldPath, node.schema, { allowArrayNotation: true });
    if (!resolved.ok) invalidPath(`fieldPath must be a valid path: ${resolved.error}`);
  }
}
