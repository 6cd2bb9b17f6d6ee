// What each vocabulary is given: the message or field it applies to, with the schema node built for it.
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import type { SourceLocation } from "../diagnostics.js";
import type { JSONSchemaProps } from "../kubernetes.js";
import type { ValueEncoding } from "../model.js";
import type { Enforcement, Vocabulary } from "./enforcement.js";

export interface Target {
  options: GeneratorOptions;
  /** Display name: `pkg.Message` or `pkg.Message.field`. */
  name: string;
  /** Transition rules (oldSelf) are allowed here: no atomic list between the resource root and this node. */
  correlatable: boolean;
  encodingOf(node: JSONSchemaProps): ValueEncoding | undefined;
  /** Records a rule of this vocabulary (a warning too when it is not enforced). */
  record(rule: string, enforcement: Enforcement, location?: SourceLocation): void;
}

export interface FieldTarget extends Target {
  field: DescField;
  node: JSONSchemaProps;
  /** The object node whose `properties` hold the field. */
  parent: JSONSchemaProps;
  property: string;
  /** Whether "absent" and "zero value" differ for this field (message, optional, oneof member). */
  hasPresence: boolean;
  /** Property name of any field, as the walk named it. */
  propertyName(field: DescField): string;
}

export interface MessageTarget extends Target {
  message: DescMessage;
  node: JSONSchemaProps;
  isResourceRoot: boolean;
  /** Property name of each field, as the walk named it. */
  propertyOf(field: DescField): string;
}

export interface VocabularyRules {
  vocabulary: Vocabulary;
  message?(target: MessageTarget): void;
  field?(target: FieldTarget): void;
}
