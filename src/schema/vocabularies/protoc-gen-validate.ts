// protoc-gen-validate (`validate.rules`, `validate.required` on oneofs), which Envoy's protos use. Its
// FieldRules have the same shape as protovalidate's, except that `required` sits in `message` (and in
// duration, timestamp, any) and zero values are skipped with a per-type `ignore_empty`; the shared
// translation handles both. Where PGV checks with Go library code (email, hostname, ip…), it is reported.
import type { DescMessage, DescOneof } from "@bufbuild/protobuf";
import type { JsonValue } from "../kubernetes.js";
import { locateOption } from "../source-location.js";
import { extensionValue } from "./extensions.js";
import { applyFieldRules } from "./field-rules.js";
import { recordRequiredOneof } from "./protovalidate.js";
import type { VocabularyRules } from "./targets.js";

export const protocGenValidate: VocabularyRules = {
  vocabulary: "validate",
  field(target) {
    const found = extensionValue(target.field, "validate.rules");
    if (!found) return;
    const at = locateOption(target.field, found.extension.number);
    if (isDisabled(target.field.parent)) {
      target.record(`rules = ${JSON.stringify(found.value)}`, { how: "none", reason: `${target.field.parent.typeName} turns protoc-gen-validate off ((validate.disabled) or (validate.ignored))` }, at);
      return;
    }
    applyFieldRules({ ...target, record: (rule, e, location) => target.record(rule, e, location ?? at) }, found.value as Record<string, JsonValue>, "protoc-gen-validate");
  },
  message(target) {
    for (const oneof of target.message.oneofs) {
      if (pgvRequiresOneof(oneof)) recordRequiredOneof(target, oneof, "validate.required", "(validate.required) = true");
    }
    for (const name of ["validate.disabled", "validate.ignored"]) {
      const found = extensionValue(target.message, name);
      if (found?.value === true) {
        target.record(`(${name}) = true`, { how: "description", detail: "protoc-gen-validate is off for this message: its field rules are left out too" }, locateOption(target.message, found.extension.number));
      }
    }
  },
};

function isDisabled(message: DescMessage): boolean {
  return extensionValue(message, "validate.disabled")?.value === true || extensionValue(message, "validate.ignored")?.value === true;
}

export function pgvRequiresOneof(oneof: DescOneof): boolean {
  return extensionValue(oneof, "validate.required")?.value === true;
}
