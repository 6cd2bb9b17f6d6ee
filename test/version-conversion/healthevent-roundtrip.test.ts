// The generated HealthEvent converters (generated/ts/nvsentinel/health/v1/health_event_crd_conversion.ts)
// are lossless: 10,000 random v1 objects survive v1 → v1alpha1 → v1 unchanged, and 10,000 random
// v1alpha1 objects survive v1alpha1 → v1 → v1alpha1. The v1alpha1 form never holds a v1-only field.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convertHealthEvent, healthEventConversion } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_conversion.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { PRESERVED_ANNOTATION_PREFIX } from "../../src/version-conversion/index.js";
import { ROOT } from "../harness/compile.js";
import { objectArbitrary } from "./schema-arbitrary.js";

const crd = parse(readFileSync(join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml"), "utf8")) as CustomResourceDefinition;
const schema = (version: string) => crd.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema;
const GROUP = "nvsentinel.dgxc.nvidia.com";
const RUNS = 10_000;

describe("HealthEvent conversion v1 ↔ v1alpha1", () => {
  it("plans conditions as the only field v1alpha1 cannot hold", () => {
    expect(healthEventConversion).toEqual({
      group: GROUP, kind: "HealthEvent", hub: "v1",
      spokes: { v1alpha1: { hubOnly: [["status", "conditions"]], spokeOnly: [], moves: [], values: [] } },
    });
  });

  // Plain checks inside the properties (node's isDeepStrictEqual, prototypes included): expect() per run
  // would cost more than the conversions.
  it(`${RUNS} random v1 objects survive v1 → v1alpha1 → v1 unchanged`, () => {
    let withConditions = 0;
    fc.assert(
      fc.property(objectArbitrary(`${GROUP}/v1`, "HealthEvent", schema("v1")), (v1) => {
        const original = JSON.parse(JSON.stringify(v1)) as typeof v1;
        const alpha = convertHealthEvent(v1, "v1alpha1");
        const kept = alpha.metadata?.annotations?.[`${PRESERVED_ANNOTATION_PREFIX}v1`];
        const hadConditions = (v1.status as { conditions?: unknown } | undefined)?.conditions !== undefined;
        if (kept !== undefined) withConditions++;
        return (
          isDeepStrictEqual(v1, original) && // the input is not changed
          alpha.apiVersion === `${GROUP}/v1alpha1` &&
          (alpha.status as { conditions?: unknown } | undefined)?.conditions === undefined &&
          (kept !== undefined) === hadConditions &&
          isDeepStrictEqual(convertHealthEvent(alpha, "v1"), original)
        );
      }),
      { numRuns: RUNS, seed: 12 },
    );
    expect(withConditions).toBeGreaterThan(RUNS / 10);
  });

  it(`${RUNS} random v1alpha1 objects survive v1alpha1 → v1 → v1alpha1 unchanged`, () => {
    fc.assert(
      fc.property(objectArbitrary(`${GROUP}/v1alpha1`, "HealthEvent", schema("v1alpha1")), (alpha) => {
        const v1 = convertHealthEvent(alpha, "v1");
        return (
          v1.apiVersion === `${GROUP}/v1` &&
          isDeepStrictEqual({ ...v1, apiVersion: alpha.apiVersion }, alpha) &&
          isDeepStrictEqual(convertHealthEvent(v1, "v1alpha1"), alpha)
        );
      }),
      { numRuns: RUNS, seed: 13 },
    );
  });

  it("keeps conditions in an annotation and restores them, creating and removing the annotation map", () => {
    const conditions = [{ type: "Quarantined", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "Fatal" }];
    const v1 = { apiVersion: `${GROUP}/v1`, kind: "HealthEvent", metadata: { name: "e" }, spec: { nodeName: "n" }, status: { conditions } };
    const alpha = convertHealthEvent(v1, "v1alpha1");
    expect(alpha).toEqual({
      apiVersion: `${GROUP}/v1alpha1`, kind: "HealthEvent",
      metadata: { name: "e", annotations: { "conversion.protoc-gen-crd-ts/v1": JSON.stringify({ fields: { "/status/conditions": conditions }, createdAnnotations: true }) } },
      spec: { nodeName: "n" }, status: {},
    });
    expect(convertHealthEvent(alpha, "v1")).toStrictEqual(v1);
  });

  it("rejects objects of another group, kind or version", () => {
    expect(() => convertHealthEvent({ apiVersion: "other.io/v1", kind: "HealthEvent" }, "v1")).toThrow("apiVersion \"other.io/v1\" is not a version of group nvsentinel.dgxc.nvidia.com");
    expect(() => convertHealthEvent({ apiVersion: `${GROUP}/v1`, kind: "Other" }, "v1")).toThrow("kind \"Other\" is not HealthEvent");
    expect(() => convertHealthEvent({ apiVersion: `${GROUP}/v2`, kind: "HealthEvent" }, "v1")).toThrow("nvsentinel.dgxc.nvidia.com/v2 is not a version of HealthEvent (versions: v1, v1alpha1)");
    expect(() => convertHealthEvent({ apiVersion: `${GROUP}/v1alpha1`, kind: "HealthEvent", metadata: { annotations: { "conversion.protoc-gen-crd-ts/v1": "{" } } }, "v1")).toThrow("is not valid JSON");
  });
});
