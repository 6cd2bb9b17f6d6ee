// protovalidate `cel` rules → x-kubernetes-validations. The expression language is the same (CEL); what
// differs is the environment: `this` is `self`, there is no `rules` or `now`, and the extension functions
// differ (isEmail, isHostname, isIp, unique… are protovalidate's; Kubernetes has isIP, isURL, quantity…).
// An expression is translated when it compiles against the node's schema in Kubernetes' environment
// (our checker, src/cel), and reported otherwise. A rule may yield a bool, or a string that is empty
// when the value is valid: that form becomes `expr == ''` with the expression as messageExpression.
import { analyzeCelRule, PER_CALL_COST_LIMIT } from "../../cel/index.js";
import type { JSONSchemaProps } from "../kubernetes.js";
import type { Enforcement } from "./enforcement.js";
import { addCelRule } from "./schema-edits.js";

const PROTOVALIDATE_ONLY = ["rules", "rule", "now"];

/**
 * `fields` maps the proto names of the fields of `this` (when it is a message) to CEL that reads them:
 * protovalidate selects fields by proto name (`this.max_retries`), the CRD may name them in JSON (`maxRetries`).
 */
export function translateCel(node: JSONSchemaProps, expression: string, id: string, message: string, isResourceRoot: boolean, fields?: ReadonlyMap<string, string>): Enforcement {
  const { text, identifiers } = renameThis(expression, fields ?? new Map());
  const unavailable = PROTOVALIDATE_ONLY.filter((name) => identifiers.has(name));
  if (unavailable.length > 0) {
    return { how: "none", reason: `uses ${unavailable.map((n) => `\`${n}\``).join(", ")}, which Kubernetes CEL does not have` };
  }
  const fallback = message || (id ? `failed rule ${id}` : `failed rule ${expression}`);
  const asBool = analyzeCelRule(node, { rule: text, message: fallback }, { isResourceRoot });
  if (asBool.errors.length === 1 && /must evaluate to a bool, not string/.test(asBool.errors[0])) {
    return addCheckedCelRule(node, `(${text}) == ''`, message || undefined, message ? undefined : text, isResourceRoot);
  }
  return addCheckedCelRule(node, text, fallback, undefined, isResourceRoot);
}

/**
 * Adds a rule the vocabularies wrote when it compiles and one evaluation fits the apiserver's per-call
 * cost limit; otherwise it is reported, so a vocabulary never makes a CRD the apiserver would refuse.
 */
export function addCheckedCelRule(node: JSONSchemaProps, rule: string, message?: string, messageExpression?: string, isResourceRoot = false): Enforcement {
  const analysis = analyzeCelRule(node, { rule, message, messageExpression }, { isResourceRoot });
  if (analysis.errors.length > 0) return { how: "none", reason: `${rule} does not compile in Kubernetes' CEL environment: ${analysis.errors[0]}` };
  if (analysis.costLimitExceeded) {
    const unbounded = analysis.unboundedSizes.map((u) => (u.keyword ? `${u.origin} with ${u.keyword}` : u.origin)).join(", ");
    return { how: "none", reason: `${rule} would cost up to ${Math.round(analysis.estimatedCost)} per evaluation, over the apiserver's per-call limit of ${PER_CALL_COST_LIMIT}${unbounded ? `; unbounded: ${unbounded}` : ""}` };
  }
  addCelRule(node, rule, message, messageExpression);
  return { how: "cel", detail: rule };
}

/** `this` → `self` (and `this.<proto name>` → `self.<property>`) outside string literals, and the identifiers used. */
function renameThis(expression: string, fields: ReadonlyMap<string, string>): { text: string; identifiers: Set<string> } {
  const identifiers = new Set<string>();
  let lastWasThis = false;
  let out = "";
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      const triple = expression.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j)) j += expression[j] === "\\" ? 2 : 1;
      // A raw or bytes prefix (r'', b'') was copied already as an identifier character.
      out += expression.slice(i, j + quote.length);
      i = j + quote.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < expression.length && /[A-Za-z0-9_]/.test(expression[j])) j++;
      const word = expression.slice(i, j);
      const selected = out.trimEnd().endsWith(".");
      if (!selected) identifiers.add(word);
      const fromThis = selected && lastWasThis && fields.has(word);
      if (fromThis) out = out.replace(/self\s*\.\s*$/, "") + fields.get(word);
      else out += word === "this" && !selected ? "self" : word;
      lastWasThis = word === "this" && !selected;
      i = j;
      continue;
    }
    if (c !== "." && !/\s/.test(c)) lastWasThis = false;
    out += c;
    i++;
  }
  return { text: out, identifiers };
}
