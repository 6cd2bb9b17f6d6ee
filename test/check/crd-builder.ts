// A minimal valid CRD to mutate in tests, paths into it, and the shape of expected problems.
import { checkCustomResourceDefinition } from "../../src/check/check-crd.js";
import type { PathElement, Problem } from "../../src/check/problem.js";
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps } from "../../src/schema/kubernetes.js";

/** A schema node that tests may give any keyword, including ones the type doesn't allow. */
export type LooseSchema = JSONSchemaProps & Record<string, unknown>;

export const VERSION: PathElement[] = ["spec", "versions", 0];
export const ROOT: PathElement[] = [...VERSION, "schema", "openAPIV3Schema"];
export const SPEC: PathElement[] = [...ROOT, "properties", "spec"];
export const STATUS: PathElement[] = [...ROOT, "properties", "status"];

export function minimalCrd(): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: { type: "object", properties: { size: { type: "integer" }, name: { type: "string" } } },
                status: { type: "object", properties: { ready: { type: "boolean" } } },
              },
            },
          },
        },
      ],
    },
  };
}

/** A fresh minimal CRD after `change`. */
export function crdWith(change: (crd: CustomResourceDefinition) => void): CustomResourceDefinition {
  const crd = minimalCrd();
  change(crd);
  return crd;
}

/** A fresh minimal CRD whose first version went through `change`. */
export function versionWith(change: (version: CustomResourceDefinitionVersion) => void): CustomResourceDefinition {
  return crdWith((crd) => change(crd.spec.versions[0]));
}

export function rootOf(crd: CustomResourceDefinition): LooseSchema {
  return crd.spec.versions[0].schema.openAPIV3Schema as LooseSchema;
}

/** A fresh minimal CRD whose root schema went through `change`. */
export function rootWith(change: (root: LooseSchema) => void): CustomResourceDefinition {
  return crdWith((crd) => change(rootOf(crd)));
}

/** A fresh minimal CRD whose `spec` schema went through `change`. */
export function specWith(change: (spec: LooseSchema) => void): CustomResourceDefinition {
  return rootWith((root) => change(root.properties!.spec as LooseSchema));
}

/** A fresh minimal CRD whose `spec` schema has these extra properties. */
export function specProperties(properties: Record<string, LooseSchema>): CustomResourceDefinition {
  return specWith((spec) => Object.assign(spec.properties!, properties));
}

export function check(crd: CustomResourceDefinition): Problem[] {
  return checkCustomResourceDefinition(crd);
}

export function error(rule: string, path: PathElement[], message: string): Problem {
  return { severity: "error", rule, path, message };
}

export function warning(rule: string, path: PathElement[], message: string): Problem {
  return { severity: "warning", rule, path, message };
}
