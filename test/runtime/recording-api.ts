// A KubeApi that forwards every call and records the RBAC permission it needs: (API group, resource
// or resource/subresource, verb), as the API server's authorizer sees the request.
import type { KubeApi, KubeObject, ListOptions, ResourceRef, WatchOptions } from "../../src/runtime/kube-api.js";

export interface Permission {
  apiGroup: string;
  resource: string;
  verb: string;
}

export class RecordingApi implements KubeApi {
  readonly permissions = new Map<string, Permission>();

  constructor(private readonly inner: KubeApi) {}

  private record(ref: ResourceRef, verb: string, subresource?: string): void {
    const resource = subresource ? `${ref.plural}/${subresource}` : ref.plural;
    this.permissions.set(`${ref.group}|${resource}|${verb}`, { apiGroup: ref.group, resource, verb });
  }

  create<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    this.record(ref, "create");
    return this.inner.create(ref, body);
  }
  get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T> {
    this.record(ref, "get");
    return this.inner.get<T>(ref, name);
  }
  list<T extends KubeObject>(ref: ResourceRef, options: ListOptions) {
    this.record(ref, "list");
    return this.inner.list<T>(ref, options);
  }
  replace<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    this.record(ref, "update");
    return this.inner.replace(ref, body);
  }
  replaceStatus<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    this.record(ref, "update", "status");
    return this.inner.replaceStatus(ref, body);
  }
  delete(ref: ResourceRef, name: string, preconditionResourceVersion?: string): Promise<void> {
    this.record(ref, "delete");
    return this.inner.delete(ref, name, preconditionResourceVersion);
  }
  watch<T extends KubeObject>(ref: ResourceRef, options: WatchOptions) {
    this.record(ref, "watch");
    return this.inner.watch<T>(ref, options);
  }
}
