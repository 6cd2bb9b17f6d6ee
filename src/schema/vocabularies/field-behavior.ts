// google.api.field_behavior (AIP-203): REQUIRED → `required`; IMMUTABLE → a transition rule with the
// message Kubernetes' own immutable fields give; OUTPUT_ONLY and INPUT_ONLY → the description.
import type { JsonValue } from "../kubernetes.js";
import { extensionValue } from "./extensions.js";
import type { FieldTarget, VocabularyRules } from "./targets.js";
import { addCelRule, appendDescription, requireProperty } from "./schema-edits.js";
import { locateOption } from "../source-location.js";

export const fieldBehavior: VocabularyRules = {
  vocabulary: "google.api.field_behavior",
  field(target) {
    const found = extensionValue(target.field, "google.api.field_behavior");
    if (!found) return;
    const at = locateOption(target.field, found.extension.number);
    const behaviors = Array.isArray(found.value) ? found.value : [found.value];
    for (const behavior of behaviors) apply(target, String(behavior as JsonValue), at);
  },
};

function apply(target: FieldTarget, behavior: string, at: ReturnType<typeof locateOption>): void {
  const { node } = target;
  switch (behavior) {
    case "REQUIRED":
      requireProperty(target.parent, target.property);
      target.record(behavior, { how: "openapi", detail: "required" }, at);
      return;
    case "OPTIONAL":
      target.record(behavior, { how: "openapi", detail: "not listed in required" }, at);
      return;
    case "IMMUTABLE":
      if (!target.correlatable) {
        target.record(behavior, { how: "none", reason: "the field sits in a list without x-kubernetes-list-type: map, where Kubernetes cannot pair old and new values for a transition rule" }, at);
        return;
      }
      // The message of the apiserver's own immutable fields (apimachinery's ValidateImmutableField).
      addCelRule(node, "self == oldSelf", "field is immutable");
      target.record(behavior, { how: "cel", detail: "self == oldSelf (once set; Kubernetes runs transition rules only when the old object has the field)" }, at);
      return;
    case "OUTPUT_ONLY":
    case "INPUT_ONLY": {
      if (target.options.descriptions === "none") {
        target.record(behavior, { how: "none", reason: "descriptions=none leaves out the sentence that documents it" }, at);
        return;
      }
      const sentence = behavior === "OUTPUT_ONLY" ? "Output only: set by the server; values written by clients are ignored." : "Input only: not returned by the server.";
      appendDescription(node, sentence);
      target.record(behavior, { how: "description", detail: sentence }, at);
      return;
    }
    case "IDENTIFIER":
      target.record(behavior, { how: "none", reason: "a resource name field; Kubernetes names objects with metadata.name" }, at);
      return;
    case "UNORDERED_LIST":
      target.record(behavior, { how: "none", reason: "documents that order is not significant; the CRD keeps list order as given" }, at);
      return;
    case "NON_EMPTY_DEFAULT":
      target.record(behavior, { how: "none", reason: "a server-side default has no schema equivalent" }, at);
      return;
    default:
      target.record(behavior, { how: "none", reason: "not a field behavior this generator knows" }, at);
  }
}
