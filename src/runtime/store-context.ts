// What the store's parts share: the client, where HealthEvents live, and the clock.
import {
  HealthEventApiVersion,
  HealthEventKind,
  type HealthEvent,
} from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import type { ResourceRef } from "./kube-api.js";
import type { StoreClient } from "./store-client.js";

export const healthEventGroup = "nvsentinel.dgxc.nvidia.com";
export const healthEventVersion = "v1";
export const healthEventPlural = "healthevents";

export function healthEventsRef(namespace: string): ResourceRef {
  return { group: healthEventGroup, version: healthEventVersion, plural: healthEventPlural, namespace };
}

export interface StoreContext {
  client: StoreClient;
  /**
   * The client for consumer positions: not paced by the store's write rate, so position saves
   * never wait behind inserts (each consumer has at most one save in flight; saves coalesce).
   */
  positionClient?: StoreClient;
  ref: ResourceRef;
  now(): Date;
  /** Told when a HealthEvent is seen deleted (watch DELETE, cleanup), so caches forget it. */
  onDeleted?(name: string): void;
}

export { HealthEventApiVersion, HealthEventKind };
export type { HealthEvent };

/** Creation order: creationTimestamp, then name (timestamps have one-second resolution). */
export function compareCreation(a: HealthEvent, b: HealthEvent): number {
  const at = a.metadata.creationTimestamp ?? "";
  const bt = b.metadata.creationTimestamp ?? "";
  if (at !== bt) return Date.parse(at) - Date.parse(bt);
  return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : (a.metadata.name ?? "") > (b.metadata.name ?? "") ? 1 : 0;
}
