// Messages marked `(crd.v1.resource)` → resource models, one per CRD, versions merged by group and plural.
import { getOption, hasOption, type DescField, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { field as fieldOption, resource as resourceOption, ResourceSchema, Scope, type Resource } from "../gen/crd/v1/options_pb.js";
import type { GeneratorOptions } from "../plugin/parameters.js";
import { crdFor, type VersionInput } from "./crd.js";
import { descriptionFromComment } from "./descriptions.js";
import { DiagnosticSink } from "./diagnostics-sink.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import type { ResourceModel, SchemaAnnotations } from "./model.js";
import { compareKubeVersions, isKubeVersion, pluralize } from "./names.js";
import { propertyName, schemaForField, type BuildContext } from "./message-schema.js";
import { addRule, validationRule } from "./field-options.js";
import { fitOneofRules } from "./oneof-fit.js";
import { RESOURCE_EXTENSION } from "./option-numbers.js";
import { commentOf, locate, locateOption } from "./source-location.js";
import { rbacRulesFor } from "./rbac-rules.js";
import { applyVocabularies } from "./vocabularies/registry.js";

const ROOT_RESERVED = new Set(["apiVersion", "kind", "metadata"]);

export function resourceMessages(files: readonly DescFile[]): DescMessage[] {
  const found: DescMessage[] = [];
  const visit = (message: DescMessage) => {
    if (hasOption(message, resourceOption)) found.push(message);
    message.nestedMessages.forEach(visit);
  };
  for (const file of files) file.messages.forEach(visit);
  return found;
}

export function resourcesFor(messages: readonly DescMessage[], options: GeneratorOptions, sink: DiagnosticSink): ResourceModel[] {
  const byCrd = new Map<string, VersionInput[]>();
  const reported = new Set<string>();
  for (const message of messages) {
    const version = versionInputFor(message, options, sink, reported);
    if (!version) continue;
    const key = `${version.names.plural}.${version.group}`;
    const list = byCrd.get(key) ?? [];
    list.push(version);
    byCrd.set(key, list);
  }
  const models: ResourceModel[] = [];
  for (const key of [...byCrd.keys()].sort()) {
    const versions = byCrd.get(key)!.sort((a, b) => compareKubeVersions(a.name, b.name));
    const model = crdFor(versions, sink);
    if (model) models.push(model);
  }
  return models;
}

function versionInputFor(message: DescMessage, options: GeneratorOptions, sink: DiagnosticSink, reported: Set<string>): VersionInput | undefined {
  const opt = getOption(message, resourceOption);
  const at = (name: keyof Resource & string) =>
    locateOption(message, RESOURCE_EXTENSION, ResourceSchema.fields.find((f) => f.localName === name)!.number);
  const where = locate(message);
  let ok = true;

  if (opt.group === "") {
    sink.error("resource/group-required", `resource ${message.typeName} needs a group, e.g. group: "example.com"`, locateOption(message, RESOURCE_EXTENSION));
    ok = false;
  }
  const kind = opt.kind || message.name;
  const lowerKind = kind.toLowerCase();
  const lastPackagePart = message.file.proto.package.split(".").pop() ?? "";
  const name = opt.version || (isKubeVersion(lastPackagePart) ? lastPackagePart : "");
  if (name === "") {
    sink.error(
      "resource/version-required",
      `resource ${message.typeName} needs a version: set version: "v1alpha1" or end the package name with a Kubernetes version (package ${message.file.proto.package})`,
      locateOption(message, RESOURCE_EXTENSION),
    );
    ok = false;
  }

  const specField = roleField(message, opt.specField, "spec", at("specField"), sink);
  const statusField = roleField(message, opt.statusField, "status", at("statusField"), sink);
  if (specField === null || statusField === null) ok = false;
  for (const field of message.fields) {
    const prop = propertyName(field, options);
    if (ROOT_RESERVED.has(prop)) {
      sink.error("resource/reserved-field", `field ${field.name} of resource ${message.typeName} becomes "${prop}", which Kubernetes reserves at the root of an object: rename the field, or move it into the spec`, locate(field));
      ok = false;
    }
  }

  const root: JSONSchemaProps = { type: "object" };
  const description = descriptionFromComment(commentOf(message), options);
  if (description) root.description = description;
  const { ctx, properties, required } = chooseRecursionDepth(message, options, reported);
  sink.diagnostics.push(...ctx.sink.diagnostics);
  ctx.sink = sink;
  for (const key of ctx.reported) reported.add(key);
  const annotations = ctx.annotations;
  root.properties = properties;
  if (required.length > 0) root.required = required;
  for (const rule of opt.validations) addRule(root, validationRule(rule));
  annotations.origins.set(root, where);
  applyVocabularies(root, message, { options, annotations, log: sink.enforcement, propertyName: (f) => propertyName(f, options) });
  fitOneofRules(root, ctx.pendingOneofs, sink, reported);

  const subresourceStatus = opt.subresources?.status;
  if (subresourceStatus === true && !statusField) {
    sink.error("resource/status-subresource", `resource ${message.typeName} enables the status subresource but has no status field: add a message field named status, name one with status_field, or drop subresources.status`, at("subresources"));
    ok = false;
  }
  if (statusField && subresourceStatus !== false && propertyName(statusField, options) !== "status") {
    sink.error(
      "resource/status-field",
      `the status subresource of resource ${message.typeName} serves the property "status", but its status field ${statusField.name} becomes "${propertyName(statusField, options)}": rename the field, give it json_name = "status", or set subresources: {status: false}`,
      locate(statusField),
    );
    ok = false;
  }
  const rbacRulesNumber = ResourceSchema.fields.find((f) => f.localName === "rbacRules")!.number;
  const rbacRules = rbacRulesFor(message, opt.rbacRules, (i) => locateOption(message, RESOURCE_EXTENSION, rbacRulesNumber, i), sink);
  if (!rbacRules) ok = false;
  if (!ok || !rbacRules) return undefined;

  return {
    message,
    group: opt.group,
    name,
    served: opt.served ?? true,
    storage: opt.storage,
    deprecated: opt.deprecated,
    deprecationWarning: opt.deprecationWarning,
    names: {
      kind,
      listKind: opt.listKind || `${kind}List`,
      plural: opt.plural || pluralize(kind),
      singular: opt.singular || lowerKind,
      shortNames: [...opt.shortNames],
      categories: [...opt.categories],
    },
    scope: opt.scope === Scope.CLUSTER ? "Cluster" : "Namespaced",
    schema: root,
    specField: specField ?? undefined,
    statusField: statusField ?? undefined,
    statusSubresource: statusField !== undefined && subresourceStatus !== false,
    scale: opt.subresources?.scale,
    printerColumns: opt.printerColumns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.format !== "" ? { format: c.format } : {}),
      jsonPath: c.jsonPath,
      ...(c.description !== "" ? { description: c.description } : {}),
      ...(c.priority !== 0 ? { priority: c.priority } : {}),
    })),
    selectableFields: [...opt.selectableFields],
    labels: { ...opt.labels },
    crdAnnotations: { ...opt.annotations },
    rbacRules,
    annotations,
    location: locateOption(message, RESOURCE_EXTENSION),
  };
}

/** recursion_depth=auto unrolls at most this many levels, however small the messages. */
const MAX_AUTO_DEPTH = 8;

interface BuiltProperties {
  ctx: BuildContext;
  properties: Record<string, JSONSchemaProps>;
  required: string[];
}

/** The root's properties (with its diagnostics in ctx.sink) built with one recursion depth. */
function buildProperties(message: DescMessage, options: GeneratorOptions, reported: ReadonlySet<string>, depth: number, depthReason: string): BuiltProperties {
  const annotations: SchemaAnnotations = { origins: new Map(), fields: new Map(), encodings: new Map() };
  const ctx: BuildContext = {
    options, annotations, sink: new DiagnosticSink(), depth, depthReason, expanding: [message],
    reportedCycles: new Set(), recursed: false, pendingOneofs: new Map(), reported: new Set(reported),
  };
  const properties: Record<string, JSONSchemaProps> = {
    apiVersion: {
      type: "string",
      description: "APIVersion defines the versioned schema of this representation of an object.",
    },
    kind: { type: "string", description: "Kind is a string value representing the REST resource this object represents." },
    metadata: { type: "object" },
  };
  const required: string[] = [];
  for (const field of message.fields) {
    const prop = propertyName(field, options);
    if (ROOT_RESERVED.has(prop)) continue;
    properties[prop] = schemaForField(field, ctx);
    if (hasOption(field, fieldOption) && getOption(field, fieldOption).required) required.push(prop);
  }
  return { ctx, properties, required };
}

/**
 * recursion_depth=auto: the deepest unrolling (1 to MAX_AUTO_DEPTH) whose properties stay within
 * size_target bytes of JSON; a fixed recursion_depth is used as it is. Messages without recursion are built once.
 */
function chooseRecursionDepth(message: DescMessage, options: GeneratorOptions, reported: ReadonlySet<string>): BuiltProperties {
  if (options.recursionDepth !== "auto") return buildProperties(message, options, reported, options.recursionDepth, "");
  const size = (b: BuiltProperties) => Buffer.byteLength(JSON.stringify(b.properties));
  const target = options.sizeTarget;
  let chosen = buildProperties(message, options, reported, 1, "");
  if (!chosen.ctx.recursed) return chosen;
  let depth = 1;
  for (; depth < MAX_AUTO_DEPTH; depth++) {
    const deeper = buildProperties(message, options, reported, depth + 1, "");
    if (size(deeper) > target) break;
    chosen = deeper;
    if (!deeper.ctx.recursed) return chosen;
  }
  const reason =
    depth === MAX_AUTO_DEPTH
      ? `recursion_depth=auto unrolls at most ${MAX_AUTO_DEPTH} levels`
      : `recursion_depth=auto: one more level would take the schema above size_target=${target} bytes`;
  // Rebuilt with the reason, so the warning says why the unrolling stops here.
  return buildProperties(message, options, reported, depth, reason);
}

/** The field playing the spec or status role; null when an explicitly named field is missing or not a message. */
function roleField(message: DescMessage, named: string, role: "spec" | "status", at: ReturnType<typeof locate>, sink: DiagnosticSink): DescField | undefined | null {
  const rule = role === "spec" ? "resource/spec-field" : "resource/status-field";
  const wanted = named || role;
  const field = message.fields.find((f) => f.name === wanted || f.jsonName === wanted);
  if (!field) {
    if (named === "") return undefined;
    sink.error(rule, `resource ${message.typeName} names ${role}_field "${named}", but it has no such field (fields: ${message.fields.map((f) => f.name).join(", ")})`, at);
    return null;
  }
  if (field.fieldKind !== "message") {
    sink.error(rule, `the ${role} field ${field.name} of resource ${message.typeName} must be a message, not a ${field.fieldKind}`, locate(field));
    return null;
  }
  return field;
}
