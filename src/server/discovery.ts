// Discovery documents (/api, /apis, /apis/<group>, /apis/<group>/<version>), /version and the
// OpenAPI stubs kubectl asks for before it validates and patches.
import type { JsonObject } from "./json-values.js";
import type { Registry } from "./registry.js";
import { apiVersionOf, type ResourceType } from "./resource-types.js";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-crd-ts",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "go1.23.0",
  compiler: "gc",
  platform: "linux/amd64",
};

export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function preferredVersion(types: ResourceType[], versions: string[]): string {
  const storage = types.map((t) => t.storageVersion).find((v) => versions.includes(v));
  return storage ?? versions[0];
}

function apiGroup(registry: Registry, name: string, versions: string[]): JsonObject {
  const types = registry.all().filter((t) => t.group === name);
  const preferred = preferredVersion(types, versions);
  return {
    name,
    versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${preferred}`, version: preferred },
  };
}

export function apiGroupList(registry: Registry): JsonObject {
  const groups = [...registry.groups()].filter(([name]) => name !== "");
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map(([name, versions]) => apiGroup(registry, name, versions)),
  };
}

export function apiGroupDocument(registry: Registry, group: string): JsonObject | undefined {
  const versions = registry.groups().get(group);
  if (!versions || group === "") return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(registry, group, versions) };
}

export function apiResourceList(registry: Registry, group: string, version: string): JsonObject | undefined {
  const types = registry.all().filter((t) => t.group === group && t.versions.some((v) => v.name === version));
  if (types.length === 0) return undefined;
  const resources: JsonObject[] = [];
  for (const type of types) {
    const resource: JsonObject = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
    };
    if (type.shortNames.length > 0) resource.shortNames = type.shortNames;
    if (type.categories.length > 0) resource.categories = type.categories;
    resources.push(resource);
    if (type.versions.find((v) => v.name === version)?.statusSubresource) {
      resources.push({
        name: `${type.plural}/status`,
        singularName: "",
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: ["get", "patch", "update"],
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(group, version), resources };
}

export const AGGREGATED_DISCOVERY_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** Whether the client accepts aggregated discovery (apidiscovery.k8s.io/v2), as kubectl 1.32 does. */
export function acceptsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => /as=APIGroupDiscoveryList/.test(part) && /v=v2(;|$)/.test(part.replace(/\s/g, "")));
}

/** The aggregated discovery document of /api (core group only) or /apis (every other group). */
export function aggregatedDiscovery(registry: Registry, core: boolean): JsonObject {
  const items: JsonObject[] = [];
  for (const [group, versions] of registry.groups()) {
    if ((group === "") !== core) continue;
    const types = registry.all().filter((t) => t.group === group);
    const preferred = preferredVersion(types, versions);
    const ordered = [preferred, ...versions.filter((v) => v !== preferred)];
    items.push({
      metadata: { name: group, creationTimestamp: null },
      versions: ordered.map((version) => ({
        version,
        freshness: "Current",
        resources: types
          .filter((t) => t.versions.some((v) => v.name === version))
          .map((t) => {
            const responseKind = { group, version, kind: t.kind };
            const resource: JsonObject = {
              resource: t.plural,
              responseKind,
              scope: t.namespaced ? "Namespaced" : "Cluster",
              singularResource: t.singular,
              verbs: VERBS,
            };
            if (t.shortNames.length > 0) resource.shortNames = t.shortNames;
            if (t.categories.length > 0) resource.categories = t.categories;
            if (t.versions.find((v) => v.name === version)?.statusSubresource) {
              resource.subresources = [{ subresource: "status", responseKind, verbs: ["get", "patch", "update"] }];
            }
            return resource;
          }),
      })),
    });
  }
  return { kind: "APIGroupDiscoveryList", apiVersion: "apidiscovery.k8s.io/v2", metadata: {}, items };
}
