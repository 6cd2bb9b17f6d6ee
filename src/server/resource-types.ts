// The kinds of objects the server stores: a few built-in types kept without schema, and one per CRD.
import type { CustomResourceDefinition, PrinterColumn } from "../schema/kubernetes.js";

export interface ServedVersion {
  name: string;
  statusSubresource: boolean;
  printerColumns: PrinterColumn[] | undefined;
  /** `.spec.nodeName` etc.; field selectors also accept metadata.name and metadata.namespace. */
  selectableFields: string[];
}

export interface ResourceType {
  /** `group/plural`: the storage identity, the same for every version. */
  id: string;
  group: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  versions: ServedVersion[];
  storageVersion: string;
  /** Set for custom resources: the definition they come from. */
  crd?: CustomResourceDefinition;
}

export function resourceId(group: string, plural: string): string {
  return `${group}/${plural}`;
}

function builtin(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames: string[] = [],
  statusSubresource = false,
  selectableFields: string[] = [],
): ResourceType {
  return {
    id: resourceId(group, plural),
    group,
    plural,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames,
    categories: [],
    versions: [{ name: version, statusSubresource, printerColumns: undefined, selectableFields }],
    storageVersion: version,
  };
}

export const NAMESPACES = builtin("", "v1", "namespaces", "Namespace", false, ["ns"], true);
export const CUSTOM_RESOURCE_DEFINITIONS = builtin(
  "apiextensions.k8s.io",
  "v1",
  "customresourcedefinitions",
  "CustomResourceDefinition",
  false,
  ["crd", "crds"],
  true,
);

/** Stored as given: enough for clients that keep state in ConfigMaps, Secrets or Leases, and for RBAC objects. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  NAMESPACES,
  builtin("", "v1", "configmaps", "ConfigMap", true, ["cm"]),
  builtin("", "v1", "secrets", "Secret", true),
  // kubectl describe lists the events of an object by these fields.
  builtin("", "v1", "events", "Event", true, ["ev"], false, [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "type",
  ]),
  builtin("coordination.k8s.io", "v1", "leases", "Lease", true),
  // Stored so that `kubectl apply -k` of generated RBAC works; not enforced (every request is allowed).
  builtin("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  builtin("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
  builtin("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
  builtin("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
  CUSTOM_RESOURCE_DEFINITIONS,
];

export function resourceTypeForCrd(crd: CustomResourceDefinition): ResourceType {
  const { group, names, scope, versions } = crd.spec;
  const storage = versions.find((v) => v.storage) ?? versions[0];
  return {
    id: resourceId(group, names.plural),
    group,
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    kind: names.kind,
    listKind: names.listKind || `${names.kind}List`,
    namespaced: scope === "Namespaced",
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    versions: versions
      .filter((v) => v.served)
      .map((v) => ({
        name: v.name,
        statusSubresource: v.subresources?.status !== undefined,
        printerColumns: v.additionalPrinterColumns,
        selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, "")),
      })),
    storageVersion: storage.name,
    crd,
  };
}

export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}
