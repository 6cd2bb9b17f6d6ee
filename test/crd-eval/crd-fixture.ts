// A minimal CRD around a spec schema, and a resource document of it, for evaluator tests.
import type { CustomResourceDefinition, JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { compileCrd, type CompiledVersion } from "../../src/crd-eval/index.js";

export const API_VERSION = "example.com/v1";

export function crdWithSpec(spec: JSONSchemaProps, root: Partial<JSONSchemaProps> = {}): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "things.example.com" },
    spec: {
      group: "example.com",
      names: { kind: "Thing", listKind: "ThingList", plural: "things", singular: "thing" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              ...root,
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec,
                ...(root.properties ?? {}),
              },
            },
          },
        },
      ],
    },
  };
}

export function versionFor(spec: JSONSchemaProps, root: Partial<JSONSchemaProps> = {}): CompiledVersion {
  return compileCrd(crdWithSpec(spec, root)).version("v1")!;
}

export function thing(spec: unknown, name = "a"): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: "Thing", metadata: { name }, spec };
}

/** The apiserver messages of admitting `spec` as a Thing. */
export function messages(version: CompiledVersion, spec: unknown, oldSpec?: unknown): string[] {
  const options = oldSpec === undefined ? {} : { oldObject: thing(oldSpec) };
  return version.admit(thing(spec), options).errors.map((e) => e.message);
}
