// Names in a generated `_crd.ts` module, computed once from the shapes so that the types module and the
// converters module (which imports from it) agree. Messages and enums follow protoc-gen-es's JSON type
// names (`HealthEventJson`, nested `Outer_InnerJson`); clashes get a `$` suffix, as protoc-gen-es does.
import type { DescFile } from "@bufbuild/protobuf";
import type { FileShapes, ResourceShape } from "./shapes.js";

export interface ResourceNames {
  /** The CR object type, e.g. `HealthEvent`. */
  object: string;
  list: string;
  spec: string | undefined;
  status: string | undefined;
  apiVersionConst: string;
  kindConst: string;
  /** The converters, e.g. `toHealthEvent` and `fromHealthEvent`. */
  to: string;
  from: string;
}

export interface FileNames {
  resources: Map<ResourceShape, ResourceNames>;
  /** Json type name by message or enum type name. */
  json: Map<string, string>;
}

/** Types every `_crd.ts` module may define. */
export const META_TYPE_NAMES = [
  "ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "JsonValue", "JsonObject",
  // Named JSON forms (src/types/json-forms.ts).
  "Int64OrString", "Int64Number", "Int64String", "Base64Bytes", "Rfc3339Timestamp", "SecondsDuration", "GoDuration", "FieldMaskPaths",
] as const;

export function namesFor(shapes: FileShapes): FileNames {
  const taken = new Set<string>(META_TYPE_NAMES);
  const claim = (ideal: string): string => {
    for (let i = 0; ; i++) {
      const name = i === 0 ? ideal : i === 1 ? `${ideal}$` : `${ideal}$${i - 1}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const resources = new Map<ResourceShape, ResourceNames>();
  for (const resource of shapes.resources) {
    // Versions of one kind declared in one file are told apart by their version name.
    const sameKind = shapes.resources.filter((r) => r.kind === resource.kind).length > 1;
    const base = sameKind ? resource.kind + upperFirst(resource.input.version.name) : resource.kind;
    const object = claim(base);
    resources.set(resource, {
      object,
      list: claim(sameKind ? `${resource.listKind}${upperFirst(resource.input.version.name)}` : resource.listKind),
      spec: resource.spec ? claim(`${base}Spec`) : undefined,
      status: resource.status ? claim(`${base}Status`) : undefined,
      apiVersionConst: claim(`${base}ApiVersion`),
      kindConst: claim(`${base}Kind`),
      to: `to${object}`,
      from: `from${object}`,
    });
  }
  const json = new Map<string, string>();
  for (const message of shapes.messages.values()) json.set(message.desc.typeName, claim(`${protobufEsIdentifier(message.desc)}Json`));
  for (const desc of shapes.enums.values()) json.set(desc.typeName, claim(`${protobufEsIdentifier(desc)}Json`));
  return { resources, json };
}

/** protoc-gen-es's identifier for a message or enum: the type name without package, parts joined by `_`. */
export function protobufEsIdentifier(desc: { typeName: string; file: DescFile }): string {
  const pkg = desc.file.proto.package;
  return desc.typeName.substring(pkg.length > 0 ? pkg.length + 1 : 0).replace(/\./g, "_");
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A property name as written in a type or object literal: bare when it is an identifier. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Property access: `json.nodeName`, or `json["@type"]`. */
export function propertyAccess(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** A JSDoc block for `text` (and extra paragraphs), indented; "" when there is nothing to say. */
export function jsDoc(text: string | undefined, indent = "", extra: string[] = []): string {
  const paragraphs = [text, ...extra].filter((p): p is string => p !== undefined && p.trim() !== "");
  if (paragraphs.length === 0) return "";
  const lines = paragraphs.join("\n\n").replace(/\*\//g, "*\\/").split("\n");
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l === "" ? "" : " " + l}`).join("\n")}\n${indent} */\n`;
}
