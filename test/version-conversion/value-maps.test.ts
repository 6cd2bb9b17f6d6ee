// The value maps of fields written differently in two versions (src/version-conversion/value-maps.ts and
// map-value.ts): enum aliases never make a round trip inexact, names_and_numbers enums keep numbers as
// numbers, 64-bit strings map only in canonical form, and a CRD alone maps enum values by name.
import { describe, expect, it } from "vitest";
import { convertObject, planFromCrd } from "../../src/version-conversion/index.js";
import { mapValue } from "../../src/version-conversion/map-value.js";
import { valueConversion } from "../../src/version-conversion/value-maps.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const numbers: Record<string, number> = { A: 0, B: 1, B_ALIAS: 1, C: 2, RENAMED_B: 1 };
const byNumber = (_node: JSONSchemaProps, value: string | number) => (typeof value === "number" ? value : numbers[value]);

describe("valueConversion", () => {
  it("maps enum values by number and drops aliases that would not come back as written", () => {
    const hub = { type: "string", enum: ["A", "RENAMED_B", "C"] };
    const spoke = { type: "string", enum: ["A", "B", "B_ALIAS"] };
    expect(valueConversion(hub, spoke, byNumber)).toEqual({
      toHub: { enum: { A: "A", B: "RENAMED_B" } },
      toSpoke: { enum: { A: "A", RENAMED_B: "B" } },
    });
  });

  it("keeps numbers as numbers for names_and_numbers enums", () => {
    const hub = { "x-kubernetes-int-or-string": true, enum: ["A", "RENAMED_B", 0, 1] };
    const spoke = { "x-kubernetes-int-or-string": true, enum: ["A", "B", 0, 1, 2] };
    expect(valueConversion(hub, spoke, byNumber)?.toHub).toEqual({ enum: { A: "A", B: "RENAMED_B", 0: 0, 1: 1 } });
  });

  it("is undefined when every value of each side is the other's as it is", () => {
    expect(valueConversion({ type: "string", enum: ["A", "B"] }, { type: "string", enum: ["A", "B"] }, byNumber)).toBeUndefined();
    expect(valueConversion({ type: "integer", format: "int64" }, { type: "integer", format: "int64" }, byNumber)).toBeUndefined();
    expect(valueConversion({ type: "integer", minimum: 0, maximum: 10 }, { type: "integer", minimum: 0, maximum: 20 }, byNumber)).toEqual({ toHub: { maximum: 10 }, toSpoke: {} });
  });
});

describe("mapValue", () => {
  it("maps 64-bit strings to numbers only in canonical, exact form", () => {
    const toNumber = { int64: "number" as const };
    expect(mapValue(toNumber, "-12")).toEqual({ value: -12 });
    for (const bad of ["007", "-0", "9007199254740993", "1e3"]) expect(mapValue(toNumber, bad)).toBeUndefined();
    expect(mapValue({ int64: "string" }, 2 ** 53)).toBeUndefined();
    expect(mapValue({ int64: "string" }, -5)).toEqual({ value: "-5" });
  });

  it("checks bounds on numbers and on decimal strings, and null against nonNull", () => {
    expect(mapValue({ minimum: 0, maximum: 4294967295 }, "4294967296")).toBeUndefined();
    expect(mapValue({ minimum: 0 }, -1)).toBeUndefined();
    expect(mapValue({ maximum: 3 }, 1.5)).toBeUndefined();
    expect(mapValue({ nonNull: true }, null)).toBeUndefined();
    expect(mapValue({}, null)).toEqual({ value: null });
  });
});

describe("a plan from a CRD alone", () => {
  const version = (name: string, storage: boolean, phase: JSONSchemaProps) => ({
    name, storage, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { phase, size: { type: "integer" } } } } } },
  });
  const crd = {
    spec: {
      group: "example.com", names: { kind: "Widget" },
      versions: [version("v2", true, { type: "string", enum: ["Ready", "Failed", "Draining"] }), version("v1", false, { type: "string", enum: ["Ready", "Failed"] })],
    },
  };

  it("maps enum values by name, keeping a value the other version lacks", () => {
    const plan = planFromCrd(crd);
    expect(plan.spokes.v1.values).toEqual([{ spoke: ["spec", "phase"], hub: ["spec", "phase"], toHub: { enum: { Ready: "Ready", Failed: "Failed" } }, toSpoke: { enum: { Ready: "Ready", Failed: "Failed" } } }]);
    const v2 = { apiVersion: "example.com/v2", kind: "Widget", metadata: { name: "w" }, spec: { phase: "Draining", size: 3 } };
    const v1 = convertObject(plan, v2, "v1");
    expect(v1.spec).toEqual({ size: 3 });
    expect(convertObject(plan, v1, "v2")).toEqual(v2);
  });
});
