// The runtime's converter tables (src/conversion): a table is read at the first conversion, not when the
// module loads, and a table that does not fit the protobuf-es descriptor fails with a message saying so.
import { create } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { messageConverters } from "../../src/conversion/index.js";
import { EntitySchema, HealthEventResourceSchema } from "../../generated/ts/nvsentinel/health/v1/health_event_pb.js";

describe("converter tables", () => {
  test("a field number the descriptor lacks fails at first use, naming the property", () => {
    const converters = messageConverters([[EntitySchema, { entityType: 1, bogus: 99 }]]);
    expect(() => converters.toResource(EntitySchema, create(EntitySchema), "x/v1", "X", {})).toThrow(
      "protoc-gen-crd-ts: nvsentinel.health.v1.Entity has no field number 99 (property bogus): regenerate the _pb and _crd_convert modules together",
    );
  });

  test("allowed values on a message field are refused", () => {
    const converters = messageConverters([[HealthEventResourceSchema, { spec: { field: 1, allowed: ["a"] } }]]);
    expect(() => converters.fromResource(HealthEventResourceSchema, { apiVersion: "x/v1", kind: "X" }, "x/v1", "X")).toThrow(
      "nvsentinel.health.v1.HealthEventResource.spec: a message field cannot list allowed values",
    );
  });

  test("a message the tables do not list is reported", () => {
    const converters = messageConverters([]);
    expect(() => converters.toResource(EntitySchema, create(EntitySchema), "x/v1", "X", {})).toThrow("the converters have no table for nvsentinel.health.v1.Entity");
  });

  test("required: written even when it holds its zero value, and a CR without it is refused", () => {
    const converters = messageConverters([[EntitySchema, { type: 1, value: { field: 2, required: true } }]]);
    const cr = converters.toResource<Record<string, unknown>>(EntitySchema, create(EntitySchema, { entityType: "GPU" }), "x/v1", "Entity", { name: "e" });
    expect(cr).toEqual({ apiVersion: "x/v1", kind: "Entity", metadata: { name: "e" }, type: "GPU", value: "" });
    expect(converters.fromResource(EntitySchema, cr, "x/v1", "Entity")).toEqual(create(EntitySchema, { entityType: "GPU" }));
    expect(() => converters.fromResource(EntitySchema, { ...cr, value: undefined }, "x/v1", "Entity")).toThrow("value: required value");
  });
});
