import { describe, expect, it } from "vitest";
import { check, error, type LooseSchema, SPEC, specProperties } from "./crd-builder.js";

const AT = [...SPEC, "properties", "ports"];

/** A map list of ports keyed by `name`, with `change` applied. */
function portsWith(change: (ports: LooseSchema, item: LooseSchema) => void) {
  const item: LooseSchema = { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer" } } };
  const ports: LooseSchema = { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: item };
  change(ports, item);
  return specProperties({ ports });
}

describe("a well-formed map list", () => {
  it("has no problems", () => {
    expect(check(portsWith(() => {}))).toEqual([]);
  });
});

describe("topology/map-type-requires-object", () => {
  it("reports x-kubernetes-map-type on a string", () => {
    expect(check(specProperties({ m: { type: "string", "x-kubernetes-map-type": "atomic" } }))).toEqual([
      error("topology/map-type-requires-object", [...SPEC, "properties", "m", "type"], 'type: Invalid value: "string": must be object if x-kubernetes-map-type is specified'),
    ]);
  });

  it("reports x-kubernetes-map-type without type", () => {
    expect(check(specProperties({ m: { "x-kubernetes-preserve-unknown-fields": true, "x-kubernetes-map-type": "atomic" } }))).toEqual([
      error("topology/map-type-requires-object", [...SPEC, "properties", "m", "type"], "type: Required value: must be object if x-kubernetes-map-type is specified"),
    ]);
  });
});

describe("topology/map-type-unsupported", () => {
  it("reports an unknown map type", () => {
    const crd = specProperties({ m: { type: "object", additionalProperties: { type: "string" }, "x-kubernetes-map-type": "merge" } as unknown as LooseSchema });
    expect(check(crd)).toEqual([
      error(
        "topology/map-type-unsupported",
        [...SPEC, "properties", "m", "x-kubernetes-map-type"],
        'x-kubernetes-map-type: Unsupported value: "merge": supported values: "atomic", "granular"',
      ),
    ]);
  });
});

describe("topology/list-type-requires-array", () => {
  it("reports x-kubernetes-list-type on an object", () => {
    expect(check(specProperties({ l: { type: "object", "x-kubernetes-list-type": "atomic" } }))).toEqual([
      error("topology/list-type-requires-array", [...SPEC, "properties", "l", "type"], 'type: Invalid value: "object": must be array if x-kubernetes-list-type is specified'),
    ]);
  });
});

describe("topology/list-type-unsupported", () => {
  it("reports an unknown list type", () => {
    const crd = specProperties({ l: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "bag" } as unknown as LooseSchema });
    expect(check(crd)).toEqual([
      error(
        "topology/list-type-unsupported",
        [...SPEC, "properties", "l", "x-kubernetes-list-type"],
        'x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "map", "set"',
      ),
    ]);
  });
});

describe("topology/list-map-keys-without-map", () => {
  it("reports keys without a list type", () => {
    expect(check(portsWith((ports) => delete ports["x-kubernetes-list-type"]))).toEqual([
      error("topology/list-map-keys-without-map", [...AT, "x-kubernetes-list-type"], "x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty"),
    ]);
  });

  it("reports keys on an atomic list", () => {
    expect(check(portsWith((ports) => (ports["x-kubernetes-list-type"] = "atomic")))).toEqual([
      error(
        "topology/list-map-keys-without-map",
        [...AT, "x-kubernetes-list-type"],
        'x-kubernetes-list-type: Invalid value: "atomic": must be map if x-kubernetes-list-map-keys is non-empty',
      ),
    ]);
  });
});

describe("topology/map-list-keys-required", () => {
  it("reports a map list without keys", () => {
    expect(check(portsWith((ports) => delete ports["x-kubernetes-list-map-keys"]))).toEqual([
      error("topology/map-list-keys-required", [...AT, "x-kubernetes-list-map-keys"], "x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"),
    ]);
  });
});

describe("topology/map-list-items-required", () => {
  it("reports a map list without items", () => {
    expect(check(portsWith((ports) => delete ports.items))).toEqual([
      error("structural/items-required", [...AT, "items"], "items: Required value: must be specified"),
      error("topology/map-list-items-required", [...AT, "items"], "items: Required value: must have a schema if x-kubernetes-list-type is map"),
    ]);
  });
});

describe("topology/map-list-items-not-object", () => {
  it("reports a map list of strings", () => {
    expect(check(portsWith((ports) => (ports.items = { type: "string" })))).toEqual([
      error("topology/map-list-items-not-object", [...AT, "items", "type"], `items.type: Invalid value: "string": must be object if parent array's x-kubernetes-list-type is map`),
    ]);
  });
});

describe("topology/map-list-key-not-property", () => {
  it("reports a key that is not an item property", () => {
    expect(check(portsWith((ports) => (ports["x-kubernetes-list-map-keys"] = ["name", "protocol"])))).toEqual([
      error(
        "topology/map-list-key-not-property",
        [...AT, "x-kubernetes-list-map-keys"],
        'x-kubernetes-list-map-keys: Invalid value: ["name","protocol"]: entries must all be names of item properties ("protocol" is not)',
      ),
    ]);
  });
});

describe("topology/map-list-key-not-scalar", () => {
  it("reports an object key", () => {
    const crd = portsWith((_, item) => (item.properties!.name = { type: "object", properties: { first: { type: "string" } } }));
    expect(check(crd)).toEqual([
      error(
        "topology/map-list-key-not-scalar",
        [...AT, "items", "properties", "name", "type"],
        `items.properties[name].type: Invalid value: "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
      ),
    ]);
  });
});

describe("topology/map-list-key-duplicate", () => {
  it("reports a repeated key", () => {
    expect(check(portsWith((ports) => (ports["x-kubernetes-list-map-keys"] = ["name", "name"])))).toEqual([
      error(
        "topology/map-list-key-duplicate",
        [...AT, "x-kubernetes-list-map-keys"],
        'x-kubernetes-list-map-keys: Invalid value: ["name","name"]: must not contain duplicate entries ("name" is repeated)',
      ),
    ]);
  });
});

describe("topology/map-list-key-optional", () => {
  it("reports a key that is neither required nor defaulted", () => {
    expect(check(portsWith((_, item) => delete item.required))).toEqual([
      error(
        "topology/map-list-key-optional",
        [...AT, "items", "properties", "name", "default"],
        "items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property",
      ),
    ]);
  });

  it("accepts a defaulted key", () => {
    const crd = portsWith((_, item) => {
      delete item.required;
      item.properties!.name.default = "http";
    });
    expect(check(crd)).toEqual([]);
  });
});

describe("topology/map-list-key-nullable", () => {
  it("reports a nullable key", () => {
    expect(check(portsWith((_, item) => (item.properties!.name.nullable = true)))).toEqual([
      error(
        "topology/map-list-key-nullable",
        [...AT, "items", "properties", "name", "nullable"],
        "items.properties[name].nullable: Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable",
      ),
    ]);
  });
});

describe("topology/list-items-nullable", () => {
  it("reports nullable items of a set", () => {
    const crd = specProperties({ tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string", nullable: true } } });
    expect(check(crd)).toEqual([
      error("topology/list-items-nullable", [...SPEC, "properties", "tags", "items", "nullable"], "items.nullable: Forbidden: cannot be nullable when x-kubernetes-list-type is set"),
    ]);
  });

  it("reports nullable items of a map list", () => {
    expect(check(portsWith((_, item) => (item.nullable = true)))).toEqual([
      error("topology/list-items-nullable", [...AT, "items", "nullable"], "items.nullable: Forbidden: cannot be nullable when x-kubernetes-list-type is map"),
    ]);
  });
});

describe("topology/set-items-not-atomic", () => {
  it("reports a set of granular objects", () => {
    const crd = specProperties({ pairs: { type: "array", "x-kubernetes-list-type": "set", items: { type: "object", properties: { a: { type: "string" } } } } });
    expect(check(crd)).toEqual([
      error(
        "topology/set-items-not-atomic",
        [...SPEC, "properties", "pairs", "items", "x-kubernetes-map-type"],
        'items.x-kubernetes-map-type: Invalid value: "granular": must be atomic as item of a list with x-kubernetes-list-type=set',
      ),
    ]);
  });

  it("reports a set of sets", () => {
    const inner: LooseSchema = { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } };
    const crd = specProperties({ groups: { type: "array", "x-kubernetes-list-type": "set", items: inner } });
    expect(check(crd)).toEqual([
      error(
        "topology/set-items-not-atomic",
        [...SPEC, "properties", "groups", "items", "x-kubernetes-list-type"],
        'items.x-kubernetes-list-type: Invalid value: "set": must be atomic as item of a list with x-kubernetes-list-type=set',
      ),
    ]);
  });

  it("accepts a set of atomic objects", () => {
    const crd = specProperties({
      pairs: { type: "array", "x-kubernetes-list-type": "set", items: { type: "object", "x-kubernetes-map-type": "atomic", properties: { a: { type: "string" } } } },
    });
    expect(check(crd)).toEqual([]);
  });
});
