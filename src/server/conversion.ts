// Versions of one custom resource: objects are stored in the storage version and presented in the
// version asked for. A CRD with `conversion.strategy: Webhook` is converted in process with the same
// hub-and-spoke converters `crd-ts webhook` serves (the generated plans when given, else a plan derived
// from the CRD's schemas by property name); with strategy None only apiVersion changes, as in
// Kubernetes. Requests to a deprecated version get its deprecationWarning as a Warning header.
import { convertObject } from "../version-conversion/convert-object.js";
import { planFromCrd } from "../version-conversion/match-schemas.js";
import { type ConversionPlan, ConversionError } from "../version-conversion/plan.js";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import type { JsonObject } from "./json-values.js";
import { apiVersionOf, type ResourceType } from "./resource-types.js";
import { internalError } from "./status.js";

export class VersionConversion {
  private readonly plans: Map<string, ConversionPlan>;
  private readonly derived = new WeakMap<CustomResourceDefinition, ConversionPlan>();

  constructor(plans: readonly ConversionPlan[] = []) {
    this.plans = new Map(plans.map((p) => [`${p.group}/${p.kind}`, p]));
  }

  /** The converters of a type whose versions need them; undefined means strategy None. */
  planFor(type: ResourceType): ConversionPlan | undefined {
    const crd = type.crd;
    if (!crd || crd.spec.versions.length < 2 || crd.spec.conversion?.strategy !== "Webhook") return undefined;
    const given = this.plans.get(`${type.group}/${type.kind}`);
    if (given) return given;
    let plan = this.derived.get(crd);
    if (!plan) this.derived.set(crd, (plan = planFromCrd(crd)));
    return plan;
  }

  /** `object` (of any version of `type`) as `version`. */
  toVersion(object: JsonObject, type: ResourceType, version: string): JsonObject {
    const apiVersion = apiVersionOf(type.group, version);
    if (object.apiVersion === apiVersion) return object;
    const plan = this.planFor(type);
    if (!plan) return { ...object, apiVersion };
    try {
      return convertObject(plan, object, version) as JsonObject;
    } catch (e) {
      // What the API server answers when its conversion webhook fails.
      if (e instanceof ConversionError) throw internalError(`conversion webhook for ${type.group}/${type.kind} failed: ${e.message}`);
      throw e;
    }
  }

  /** `object` as the storage version, the form every write is kept in. */
  toStorage(object: JsonObject, type: ResourceType): JsonObject {
    return this.toVersion(object, type, type.storageVersion);
  }
}

/** The Warning of a request to a deprecated version (Kubernetes' default text when the CRD gives none). */
export function deprecationWarning(type: ResourceType, version: string): string | undefined {
  const served = type.crd?.spec.versions.find((v) => v.name === version);
  if (!served?.deprecated) return undefined;
  return served.deprecationWarning ?? `${apiVersionOf(type.group, version)} ${type.kind} is deprecated`;
}
