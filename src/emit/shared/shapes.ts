// The schema model seen from TypeScript: for each resource version of a .proto file, its properties and
// the messages and enums they reach, each value classified by its encoding (the model's decision) plus
// the schema node it came from (required, nullable, enum lists, descriptions). Both TypeScript emitters
// (types and converters) read this view, so they agree on every name and shape.
import type { DescEnum, DescField, DescMessage, DescOneof } from "@bufbuild/protobuf";
import type { JSONSchemaProps, JsonValue } from "../../schema/kubernetes.js";
import type { ScalarKind, SchemaAnnotations, ValueEncoding, WellKnownTypeName, WrapperTypeName } from "../../schema/model.js";
import type { ResourceVersionInput, TypeScriptFileInput } from "./typescript-input.js";

export type Int64Policy = "int_or_string" | "integer" | "string";

/** 64-bit integers: how the CRD writes them, and how protobuf-es holds them (bigint, or string with jstype=JS_STRING). */
export interface Int64Shape {
  kind: "int64";
  unsigned: boolean;
  as: Int64Policy;
  longAsString: boolean;
}

export interface ScalarShape {
  kind: "scalar";
  scalar: ScalarKind;
  /** The node's `enum` (e.g. status words on a string field): the only values the CRD accepts. */
  allowed: JsonValue[] | undefined;
}


export type ValueShape = (
  | ScalarShape
  | Int64Shape
  /** A protobuf enum; `allowed` is the node's `enum` list (names, and numbers under names_and_numbers). */
  | { kind: "enum"; desc: DescEnum; as: "names" | "names_and_numbers"; allowed: JsonValue[] }
  /** google.protobuf.NullValue: always JSON null. */
  | { kind: "null_value"; desc: DescEnum }
  /** A message expanded into an object schema. */
  | { kind: "message"; desc: DescMessage }
  /** A message the CRD keeps as an opaque object (recursion cut off). */
  | { kind: "opaque"; desc: DescMessage }
  /** A wrapper type: the wrapped scalar or null. `boxed`: protobuf-es holds the wrapper message (lists, maps, oneofs). */
  | { kind: "wrapper"; desc: DescMessage; typeName: WrapperTypeName; inner: ScalarShape | Int64Shape; boxed: boolean }
  /** Other well-known types with a protojson form of their own. protobuf-es holds a Struct as a JsonObject. */
  | { kind: "well_known"; desc: DescMessage; typeName: Exclude<WellKnownTypeName, WrapperTypeName>; goDuration?: true }
  | { kind: "list"; item: ValueShape }
  | { kind: "map"; key: MapKeyKind; value: ValueShape }
) & { node: JSONSchemaProps };

export type { MapKeyKind } from "../../schema/model.js";
import type { MapKeyKind } from "../../schema/model.js";

export interface PropertyShape {
  /** The JSON property name, as in the CRD. */
  name: string;
  field: DescField;
  node: JSONSchemaProps;
  value: ValueShape;
  required: boolean;
  nullable: boolean;
  /** The (non-synthetic) oneof the field belongs to. */
  oneof: DescOneof | undefined;
}

export interface MessageShape {
  desc: DescMessage;
  /** The first expanded schema node of this message; deeper copies differ only where recursion was cut. */
  node: JSONSchemaProps;
  properties: PropertyShape[];
  /** The node keeps unknown fields (`x-kubernetes-preserve-unknown-fields`). */
  preservesUnknown: boolean;
}

export interface ResourceShape {
  input: ResourceVersionInput;
  kind: string;
  listKind: string;
  apiVersion: string;
  /** The resource message: its properties are the CR's, besides apiVersion, kind and metadata. */
  root: MessageShape;
  spec: PropertyShape | undefined;
  status: PropertyShape | undefined;
}

export interface FileShapes {
  resources: ResourceShape[];
  /** Every message reached from a resource, in first-reached order, by type name. */
  messages: Map<string, MessageShape>;
  /** Every enum reached, in first-reached order, by type name. */
  enums: Map<string, DescEnum>;
  /** Whether any value needs the given shape kind or well-known type (imports and helpers follow). */
  uses: Set<string>;
}

/** Kubernetes reserves these at the root of an object; the resource builder rejects fields named so. */
const ROOT_RESERVED = new Set(["apiVersion", "kind", "metadata"]);

export function shapesFor(input: TypeScriptFileInput): FileShapes {
  const shapes: FileShapes = { resources: [], messages: new Map(), enums: new Map(), uses: new Set() };
  for (const resource of input.resources) {
    const { model, version, schema } = resource;
    const crdVersion = model.crd.spec.versions.find((v) => v.name === version.name);
    if (!crdVersion) throw new Error(`internal: version ${version.name} of ${model.crd.metadata.name} is not in its CRD`);
    const walker = new Walker(model.annotations, shapes);
    const root = walker.messageShape(version.message, schema, (name) => !ROOT_RESERVED.has(name));
    const byField = (field: DescField | undefined) => (field ? root.properties.find((p) => p.field === field) : undefined);
    shapes.resources.push({
      input: resource,
      kind: model.kind,
      listKind: model.crd.spec.names.listKind,
      apiVersion: `${model.group}/${version.name}`,
      root,
      spec: byField(version.specField),
      status: byField(version.statusField),
    });
  }
  return shapes;
}

class Walker {
  constructor(
    private readonly annotations: SchemaAnnotations,
    private readonly shapes: FileShapes,
  ) {}

  messageShape(desc: DescMessage, node: JSONSchemaProps, include: (name: string) => boolean = () => true): MessageShape {
    const properties: PropertyShape[] = [];
    for (const [name, propertyNode] of Object.entries(node.properties ?? {})) {
      if (!include(name)) continue;
      const field = this.annotations.fields.get(propertyNode);
      if (!field) throw new Error(`internal: property ${name} of ${desc.typeName} has no field in the model`);
      properties.push({
        name,
        field,
        node: propertyNode,
        value: this.valueShape(propertyNode, field, "singular"),
        required: node.required?.includes(name) ?? false,
        nullable: propertyNode.nullable === true,
        oneof: field.oneof && !isSyntheticOneof(field.oneof) ? field.oneof : undefined,
      });
    }
    return { desc, node, properties, preservesUnknown: node["x-kubernetes-preserve-unknown-fields"] === true };
  }

  private valueShape(node: JSONSchemaProps, field: DescField, position: "singular" | "item" | "value"): ValueShape {
    const encoding = this.annotations.encodings.get(node);
    if (!encoding) throw new Error(`internal: a schema node of field ${field.parent.typeName}.${field.name} has no encoding in the model`);
    const shape = this.classify(encoding, node, field, position);
    this.shapes.uses.add(shape.kind === "well_known" || shape.kind === "wrapper" ? shape.typeName : shape.kind);
    return shape;
  }

  private classify(encoding: ValueEncoding, node: JSONSchemaProps, field: DescField, position: "singular" | "item" | "value"): ValueShape {
    switch (encoding.kind) {
      case "scalar":
        return { kind: "scalar", scalar: encoding.scalar, allowed: node.enum, node };
      case "int64":
        // protobuf-es applies jstype=JS_STRING to singular and repeated fields, never to map values.
        return { kind: "int64", unsigned: encoding.unsigned, as: encoding.as, longAsString: position !== "value" && field.fieldKind !== "map" && "longAsString" in field && field.longAsString === true, node };
      case "enum": {
        const desc = enumOf(field);
        this.shapes.enums.set(desc.typeName, desc);
        if (desc.typeName === "google.protobuf.NullValue") return { kind: "null_value", desc, node };
        return { kind: "enum", desc, as: encoding.as, allowed: node.enum ?? [], node };
      }
      case "message": {
        const desc = messageOf(field);
        if (!this.shapes.messages.has(desc.typeName)) {
          // Registered before its properties are walked, so that recursion finds it.
          const placeholder: MessageShape = { desc, node, properties: [], preservesUnknown: false };
          this.shapes.messages.set(desc.typeName, placeholder);
          Object.assign(placeholder, this.messageShape(desc, node));
        }
        return { kind: "message", desc, node };
      }
      case "opaque":
        return { kind: "opaque", desc: messageOf(field), node };
      case "wrapper": {
        const boxed = position !== "singular" || (field.oneof !== undefined && !isSyntheticOneof(field.oneof));
        const value = encoding.value;
        const inner: ScalarShape | Int64Shape =
          value.kind === "scalar" ? { kind: "scalar", scalar: value.scalar, allowed: undefined } : { kind: "int64", unsigned: value.unsigned, as: value.as, longAsString: false };
        return { kind: "wrapper", desc: messageOf(field), typeName: encoding.typeName, inner, boxed, node };
      }
      case "well_known":
        return { kind: "well_known", desc: messageOf(field), typeName: encoding.typeName, ...(encoding.goDuration ? { goDuration: true as const } : {}), node };
      case "list":
        if (!node.items) throw new Error(`internal: list node of ${field.parent.typeName}.${field.name} has no items`);
        return { kind: "list", item: this.valueShape(node.items, field, "item"), node };
      case "map": {
        const values = node.additionalProperties;
        if (typeof values !== "object") throw new Error(`internal: map node of ${field.parent.typeName}.${field.name} has no additionalProperties`);
        return { kind: "map", key: encoding.keyScalar, value: this.valueShape(values, field, "value"), node };
      }
    }
  }
}

/** proto3 `optional` fields sit in a synthetic oneof of their own; they are plain fields with presence. */
export function isSyntheticOneof(oneof: DescOneof): boolean {
  return oneof.fields.length === 1 && oneof.fields[0].proto.proto3Optional === true;
}

function enumOf(field: DescField): DescEnum {
  if (field.fieldKind === "enum") return field.enum;
  if (field.fieldKind === "list" && field.listKind === "enum") return field.enum;
  if (field.fieldKind === "map" && field.mapKind === "enum") return field.enum;
  throw new Error(`internal: field ${field.parent.typeName}.${field.name} has an enum encoding but no enum`);
}

function messageOf(field: DescField): DescMessage {
  if (field.fieldKind === "message") return field.message;
  if (field.fieldKind === "list" && field.listKind === "message") return field.message;
  if (field.fieldKind === "map" && field.mapKind === "message") return field.message;
  throw new Error(`internal: field ${field.parent.typeName}.${field.name} has a message encoding but no message`);
}

