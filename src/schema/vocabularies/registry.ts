// The validation vocabularies real protos carry, applied to a resource's schema after the type walk, the
// way controller-gen applies markers: the walk builds nodes, this pass visits every message node with
// the descriptor it was made from and lets each vocabulary add keywords and rules to it.
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import type { SourceLocation } from "../diagnostics.js";
import type { JSONSchemaProps } from "../kubernetes.js";
import type { SchemaAnnotations } from "../model.js";
import { locate } from "../source-location.js";
import type { EnforcementLog, Vocabulary } from "./enforcement.js";
import type { Target, VocabularyRules } from "./targets.js";
import { fieldBehavior } from "./field-behavior.js";
import { kubebuilderMarkers } from "./kubebuilder-markers.js";
import { protocGenValidate } from "./protoc-gen-validate.js";
import { protovalidate } from "./protovalidate.js";

const VOCABULARIES: readonly VocabularyRules[] = [fieldBehavior, protovalidate, protocGenValidate, kubebuilderMarkers];

export interface VocabularyContext {
  options: GeneratorOptions;
  annotations: SchemaAnnotations;
  log: EnforcementLog;
  propertyName(field: DescField): string;
}

/** Applies every vocabulary to the schema of resource `message`, whose node is `root`. */
export function applyVocabularies(root: JSONSchemaProps, message: DescMessage, ctx: VocabularyContext): void {
  visitMessage(root, message, true, true, ctx);
}

function visitMessage(node: JSONSchemaProps, message: DescMessage, correlatable: boolean, isResourceRoot: boolean, ctx: VocabularyContext): void {
  const base = (name: string, where: SourceLocation, vocabulary: Vocabulary): Target => ({
    options: ctx.options,
    name,
    correlatable,
    encodingOf: (n) => ctx.annotations.encodings.get(n),
    record: (rule, enforcement, location) => ctx.log.record({ vocabulary, rule, target: name, enforcement, location: location ?? where }),
  });
  for (const field of message.fields) {
    const property = ctx.propertyName(field);
    const child = node.properties?.[property];
    if (!child) continue;
    const hasPresence = field.fieldKind === "message" || field.oneof !== undefined || (field.fieldKind !== "list" && field.fieldKind !== "map" && field.presence !== 2 /* IMPLICIT */);
    for (const v of VOCABULARIES) {
      v.field?.({ ...base(`${message.typeName}.${field.name}`, locate(field), v.vocabulary), field, node: child, parent: node, property, hasPresence, propertyName: ctx.propertyName });
    }
    if (field.fieldKind === "message" && isMessageNode(child, ctx)) visitMessage(child, field.message, correlatable, false, ctx);
    if (field.fieldKind === "list" && field.listKind === "message" && child.items && isMessageNode(child.items, ctx)) {
      visitMessage(child.items, field.message, correlatable && child["x-kubernetes-list-type"] === "map", false, ctx);
    }
    if (field.fieldKind === "map" && field.mapKind === "message" && typeof child.additionalProperties === "object" && isMessageNode(child.additionalProperties, ctx)) {
      visitMessage(child.additionalProperties, field.message, correlatable, false, ctx);
    }
  }
  // After the fields: their vocabularies decide `required`, which message rules read.
  for (const v of VOCABULARIES) {
    v.message?.({ ...base(message.typeName, locate(message), v.vocabulary), message, node, isResourceRoot, propertyOf: ctx.propertyName });
  }
}

function isMessageNode(node: JSONSchemaProps, ctx: VocabularyContext): boolean {
  return ctx.annotations.encodings.get(node)?.kind === "message";
}
