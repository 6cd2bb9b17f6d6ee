// Resource versions → one CustomResourceDefinition object (apiextensions.k8s.io/v1).
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { Scale } from "../gen/crd/v1/options_pb.js";
import type { SourceLocation } from "./diagnostics.js";
import type { DiagnosticSink } from "./diagnostics-sink.js";
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps, PrinterColumn } from "./kubernetes.js";
import type { ResourceModel, SchemaAnnotations } from "./model.js";
import type { RbacRuleModel } from "./rbac-rules.js";

/** One version of a resource, as read from one message. */
export interface VersionInput {
  message: DescMessage;
  group: string;
  name: string;
  served: boolean;
  /** undefined = not said; a lone version is then the storage version. */
  storage: boolean | undefined;
  deprecated: boolean;
  deprecationWarning: string;
  names: CustomResourceDefinition["spec"]["names"];
  scope: "Namespaced" | "Cluster";
  schema: JSONSchemaProps;
  specField: DescField | undefined;
  statusField: DescField | undefined;
  statusSubresource: boolean;
  scale: Scale | undefined;
  printerColumns: PrinterColumn[];
  selectableFields: string[];
  labels: Record<string, string>;
  crdAnnotations: Record<string, string>;
  rbacRules: RbacRuleModel[];
  annotations: SchemaAnnotations;
  location: SourceLocation;
}

export function crdFor(versions: VersionInput[], sink: DiagnosticSink): ResourceModel | undefined {
  const first = versions[0];
  const crdName = `${first.names.plural}.${first.group}`;
  let ok = true;
  for (const other of versions.slice(1)) {
    const differences = namesAndScopeDifferences(first, other);
    if (differences.length > 0) {
      sink.error(
        "resource/version-conflict",
        `versions ${first.name} (${first.message.typeName}) and ${other.name} (${other.message.typeName}) of ${crdName} must agree on names and scope, but ${differences.join("; ")}: set the same values on every version`,
        other.location,
      );
      ok = false;
    }
    if (other.name === first.name || versions.filter((v) => v.name === other.name).length > 1) {
      sink.error("resource/duplicate-version", `version ${other.name} of ${crdName} is declared by more than one message (${versions.filter((v) => v.name === other.name).map((v) => v.message.typeName).join(", ")}): give each message its own version, or a different kind or plural`, other.location);
      ok = false;
    }
  }
  const storage = versions.length === 1 ? [first.storage ?? true] : versions.map((v) => v.storage === true);
  const storageCount = storage.filter(Boolean).length;
  if (storageCount !== 1) {
    sink.error(
      "resource/storage-version",
      storageCount === 0
        ? `${crdName} has versions ${versions.map((v) => v.name).join(", ")} and none is the storage version: set storage: true on exactly one`
        : `${crdName} has ${storageCount} storage versions (${versions.filter((_, i) => storage[i]).map((v) => v.name).join(", ")}): exactly one may have storage: true`,
      first.location,
    );
    ok = false;
  }
  const labels = mergeMaps(versions, (v) => v.labels, "labels", crdName, sink);
  const crdAnnotations = mergeMaps(versions, (v) => v.crdAnnotations, "annotations", crdName, sink);
  if (!ok || !labels || !crdAnnotations) return undefined;

  const crd: CustomResourceDefinition = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: crdName,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(crdAnnotations).length > 0 ? { annotations: crdAnnotations } : {}),
    },
    spec: {
      group: first.group,
      names: {
        kind: first.names.kind,
        listKind: first.names.listKind,
        plural: first.names.plural,
        singular: first.names.singular,
        ...(first.names.shortNames?.length ? { shortNames: first.names.shortNames } : {}),
        ...(first.names.categories?.length ? { categories: first.names.categories } : {}),
      },
      scope: first.scope,
      versions: versions.map((v, i) => versionFor(v, storage[i])),
    },
  };
  const annotations: SchemaAnnotations = { origins: new Map(), fields: new Map(), encodings: new Map() };
  for (const v of versions) {
    v.annotations.origins.forEach((value, key) => annotations.origins.set(key, value));
    v.annotations.fields.forEach((value, key) => annotations.fields.set(key, value));
    v.annotations.encodings.forEach((value, key) => annotations.encodings.set(key, value));
  }
  const storageVersion = versions[storage.indexOf(true)];
  return {
    group: first.group,
    kind: first.names.kind,
    plural: first.names.plural,
    versions: versions.map((v) => ({
      name: v.name,
      message: v.message,
      specField: v.specField,
      statusField: v.statusField,
      location: v.location,
      protoFile: v.message.file.name + ".proto",
    })),
    crd,
    annotations,
    rbacRules: uniqueRbacRules(versions.flatMap((v) => v.rbacRules)),
    location: storageVersion.location,
  };
}

/** What two versions of one CRD say differently about the CRD-wide names and scope, e.g. `shortNames ["wg"] vs ["wdg"]`. */
function namesAndScopeDifferences(a: VersionInput, b: VersionInput): string[] {
  const keys = ["kind", "listKind", "singular", "shortNames", "categories"] as const;
  const differences = keys
    .filter((key) => JSON.stringify(a.names[key] ?? []) !== JSON.stringify(b.names[key] ?? []))
    .map((key) => `${key} ${JSON.stringify(a.names[key] ?? [])} vs ${JSON.stringify(b.names[key] ?? [])}`);
  if (a.scope !== b.scope) differences.push(`scope ${a.scope} vs ${b.scope}`);
  return differences;
}

function versionFor(v: VersionInput, storage: boolean): CustomResourceDefinitionVersion {
  const version: CustomResourceDefinitionVersion = {
    name: v.name,
    served: v.served,
    storage,
    schema: { openAPIV3Schema: v.schema },
  };
  if (v.deprecated) version.deprecated = true;
  if (v.deprecationWarning !== "") version.deprecationWarning = v.deprecationWarning;
  if (v.statusSubresource || v.scale) {
    version.subresources = {};
    if (v.statusSubresource) version.subresources.status = {};
    if (v.scale) {
      version.subresources.scale = {
        specReplicasPath: v.scale.specReplicasPath,
        statusReplicasPath: v.scale.statusReplicasPath,
        ...(v.scale.labelSelectorPath !== "" ? { labelSelectorPath: v.scale.labelSelectorPath } : {}),
      };
    }
  }
  if (v.printerColumns.length > 0) version.additionalPrinterColumns = v.printerColumns;
  if (v.selectableFields.length > 0) version.selectableFields = v.selectableFields.map((jsonPath) => ({ jsonPath }));
  return version;
}

function mergeMaps(
  versions: VersionInput[],
  pick: (v: VersionInput) => Record<string, string>,
  what: string,
  crdName: string,
  sink: DiagnosticSink,
): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  for (const v of versions) {
    for (const [key, value] of Object.entries(pick(v))) {
      if (Object.hasOwn(merged, key) && merged[key] !== value) {
        sink.error("resource/version-conflict", `versions of ${crdName} set CRD ${what} "${key}" to different values ("${merged[key]}", "${value}")`, v.location);
        return undefined;
      }
      merged[key] = value;
    }
  }
  return merged;
}

/** The rules of every version, each once (versions usually repeat the same rules). */
function uniqueRbacRules(rules: RbacRuleModel[]): RbacRuleModel[] {
  const seen = new Set<string>();
  return rules.filter((rule) => {
    const key = JSON.stringify([rule.role, rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
