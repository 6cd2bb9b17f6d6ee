// Which resource types the server serves: the built-ins plus one per stored CRD, with the
// admission (schema, pruning, defaulting, CEL) of each served CRD version.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { admissionFor, type Admission } from "./admission.js";
import { BUILTIN_TYPES, resourceTypeForCrd, type ResourceType, type ServedVersion } from "./resource-types.js";

export interface ResolvedType {
  type: ResourceType;
  version: ServedVersion;
}

export class Registry {
  private readonly types = new Map<string, ResourceType>();
  private readonly admissions = new Map<string, Admission>();

  constructor() {
    for (const type of BUILTIN_TYPES) this.types.set(type.id, type);
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  byId(id: string): ResourceType | undefined {
    return this.types.get(id);
  }

  /** The type served at /apis/<group>/<version>/<plural>. */
  resolve(group: string, version: string, plural: string): ResolvedType | undefined {
    const type = this.types.get(`${group}/${plural}`);
    const served = type?.versions.find((v) => v.name === version);
    return type && served ? { type, version: served } : undefined;
  }

  /** Registers (or re-registers after an update) the custom resource type of a CRD. */
  registerCrd(crd: CustomResourceDefinition): ResourceType {
    const type = resourceTypeForCrd(crd);
    this.types.set(type.id, type);
    for (const key of [...this.admissions.keys()]) if (key.startsWith(`${type.id}@`)) this.admissions.delete(key);
    return type;
  }

  unregisterCrd(crd: CustomResourceDefinition): ResourceType | undefined {
    const id = `${crd.spec.group}/${crd.spec.names.plural}`;
    const type = this.types.get(id);
    if (type?.crd) this.types.delete(id);
    return type;
  }

  admission(type: ResourceType, version: string): Admission | undefined {
    if (!type.crd) return undefined;
    const key = `${type.id}@${version}`;
    let admission = this.admissions.get(key);
    if (!admission) {
      admission = admissionFor(type.crd, version);
      this.admissions.set(key, admission);
    }
    return admission;
  }

  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.types.values()) {
      const versions = groups.get(type.group) ?? [];
      for (const v of type.versions) if (!versions.includes(v.name)) versions.push(v.name);
      groups.set(type.group, versions);
    }
    return groups;
  }
}
