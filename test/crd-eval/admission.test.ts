// Pruning, defaulting, nulls, metadata, embedded resources, list types and CEL rules, end to end
// through admit(), as the apiserver performs them.
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import { API_VERSION, crdWithSpec, messages, thing, versionFor } from "./crd-fixture.js";

describe("pruning", () => {
  const version = versionFor({
    type: "object",
    properties: {
      known: { type: "string" },
      items: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
      free: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { typed: { type: "object", properties: { a: { type: "string" } } } } },
      labels: { type: "object", additionalProperties: { type: "string" } },
    },
  });

  it("drops unknown fields and warns about each, sorted", () => {
    const result = version.admit({
      ...thing({ known: "k", extra: 1, items: [{ name: "a", color: "red" }], labels: { any: "x" } }),
      status: { phase: "x" },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['unknown field "spec.extra"', 'unknown field "spec.items[0].color"', 'unknown field "status"']);
    expect(result.object).toEqual(thing({ known: "k", items: [{ name: "a" }], labels: { any: "x" } }));
  });

  it("keeps everything under x-kubernetes-preserve-unknown-fields except below declared properties", () => {
    const result = version.admit(thing({ free: { anything: { deep: [1] }, typed: { a: "x", b: "y" } } }));
    expect(result.warnings).toEqual(['unknown field "spec.free.typed.b"']);
    expect(result.object).toEqual(thing({ free: { anything: { deep: [1] }, typed: { a: "x" } } }));
  });

  it("drops unknown metadata fields but keeps ObjectMeta's", () => {
    const result = version.admit({ apiVersion: API_VERSION, kind: "Thing", metadata: { name: "a", labels: { x: "y" }, colour: "red" }, spec: {} });
    expect(result.warnings).toEqual(['unknown field "metadata.colour"']);
    expect(result.object).toEqual({ apiVersion: API_VERSION, kind: "Thing", metadata: { name: "a", labels: { x: "y" } }, spec: {} });
  });

  it("prune() reports paths without touching its input", () => {
    const input = thing({ known: "k", extra: { deep: 1 } });
    const snapshot = structuredClone(input);
    expect(version.prune(input)).toEqual({ object: thing({ known: "k" }), pruned: ["spec.extra"] });
    expect(input).toEqual(snapshot);
  });

  it("keeps __proto__ and constructor as ordinary unknown fields", () => {
    const input = JSON.parse('{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"a"},"spec":{"__proto__":{"known":"x"},"constructor":1,"labels":{"__proto__":"v"}}}');
    const result = version.admit(input);
    expect(result.warnings).toEqual(['unknown field "spec.__proto__"', 'unknown field "spec.constructor"']);
    const spec = (result.object as { spec: Record<string, unknown> }).spec;
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(Object.keys(spec)).toEqual(["labels"]);
    expect(Object.keys(spec.labels as object)).toEqual(["__proto__"]);
  });
});

describe("nulls and defaults", () => {
  const version = versionFor({
    type: "object",
    properties: {
      mode: { type: "string", default: "fast" },
      plain: { type: "string" },
      maybe: { type: "string", nullable: true, default: "d" },
      limits: { type: "object", default: {}, properties: { cpu: { type: "integer", default: 2 }, memory: { type: "integer" } } },
      ports: { type: "array", items: { type: "integer", default: 80 } },
      count: { type: "integer", maximum: 3 },
    },
  });

  it("fills absent fields, and defaults inside defaulted objects", () => {
    expect(version.admit(thing({})).object).toEqual(thing({ mode: "fast", maybe: "d", limits: { cpu: 2 } }));
  });

  it("replaces a non-nullable null with the default and drops one without a default", () => {
    const result = version.admit(thing({ mode: null, plain: null, ports: [null, 8080] }));
    expect(result.errors).toEqual([]);
    expect(result.object).toEqual(thing({ mode: "fast", maybe: "d", limits: { cpu: 2 }, ports: [80, 8080] }));
  });

  it("keeps a nullable null as it is, without defaulting it", () => {
    expect(version.admit(thing({ maybe: null })).object).toEqual(thing({ maybe: null, mode: "fast", limits: { cpu: 2 } }));
  });

  it("validates after defaulting", () => {
    expect(messages(version, { count: 4 })).toEqual(["spec.count: Invalid value: 4: spec.count in body should be less than or equal to 3"]);
  });

  it("applyDefaults() works on a copy", () => {
    const input = thing({});
    expect(version.applyDefaults(input)).toEqual(thing({ mode: "fast", maybe: "d", limits: { cpu: 2 } }));
    expect(input).toEqual(thing({}));
  });

  it("validate() neither prunes nor defaults", () => {
    expect(version.validate(thing({ plain: null, extra: 1 })).map((e) => e.message)).toEqual([
      'spec.plain: Invalid value: "null": spec.plain in body must be of type string: "null"',
    ]);
  });
});

describe("resource identity and metadata", () => {
  const version = versionFor({ type: "object" });

  it("requires the kind and apiVersion of this version", () => {
    expect(version.admit({ apiVersion: "example.com/v2", kind: "Other", metadata: { name: "a" } }).errors.map((e) => e.message)).toEqual([
      'kind: Invalid value: "Other": must be Thing',
      'apiVersion: Invalid value: "example.com/v2": must be example.com/v1',
    ]);
  });

  it("requires a name or generateName", () => {
    expect(version.admit({ apiVersion: API_VERSION, kind: "Thing", metadata: {} }).errors.map((e) => e.message)).toEqual([
      "metadata.name: Required value: name or generateName is required",
    ]);
    expect(version.admit({ apiVersion: API_VERSION, kind: "Thing", metadata: { generateName: "thing-" } }).errors).toEqual([]);
  });

  it("checks the name as a DNS-1123 subdomain of at most 253 characters", () => {
    const subdomain =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    expect(messages(version, {}).length).toBe(0);
    expect(version.admit(thing({}, "Bad_Name")).errors.map((e) => e.message)).toEqual([`metadata.name: Invalid value: "Bad_Name": ${subdomain}`]);
    const long = "a".repeat(254);
    expect(version.admit(thing({}, long)).errors.map((e) => e.message)).toEqual([`metadata.name: Invalid value: "${long}": must be no more than 253 characters`]);
    expect(version.admit(thing({}, "a".repeat(253))).errors).toEqual([]);
  });

  it("checks label keys and values, and annotation keys", () => {
    const object = { ...thing({}), metadata: { name: "a", labels: { "example.com/ok": "v", "bad key": "ok", good: "-bad" }, annotations: { "a/b/c": "x" } } };
    expect(version.admit(object).errors.map((e) => e.message)).toEqual([
      "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  it("keeps the name on update", () => {
    expect(version.admit(thing({}, "b"), { oldObject: thing({}, "a") }).errors.map((e) => e.message)).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
    ]);
  });

  it("requires apiVersion and kind of embedded resources", () => {
    const embedded = versionFor({
      type: "object",
      properties: { template: { type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true } },
    });
    expect(messages(embedded, { template: { metadata: { name: "x", extra: 1 } } })).toEqual([
      "spec.template.apiVersion: Required value: must not be empty",
      "spec.template.kind: Required value: must not be empty",
    ]);
    const result = embedded.admit(thing({ template: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", extra: 1 }, data: { a: "b" } } }));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['unknown field "spec.template.metadata.extra"']);
  });
});

describe("list types", () => {
  const version = versionFor({
    type: "object",
    properties: {
      tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
      ports: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer" } } },
      },
      routes: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["host", "port"],
        items: { type: "object", required: ["host", "port"], properties: { host: { type: "string" }, port: { type: "integer" } } },
      },
    },
  });

  it("reports the second occurrence of each repeated set value once", () => {
    expect(messages(version, { tags: ["a", "b", "a", "a", "b"] })).toEqual(['spec.tags[2]: Duplicate value: "a"', 'spec.tags[4]: Duplicate value: "b"']);
  });

  it("reports repeated map keys with the key", () => {
    expect(messages(version, { ports: [{ name: "http", port: 80 }, { name: "http", port: 8080 }] })).toEqual([
      'spec.ports[1]: Duplicate value: {"name":"http"}',
    ]);
    expect(messages(version, { routes: [{ host: "a", port: 1 }, { host: "a", port: 2 }, { port: 1, host: "a" }] })).toEqual([
      'spec.routes[2]: Duplicate value: {"host":"a","port":1}',
    ]);
  });
});

describe("x-kubernetes-validations", () => {
  const version = versionFor(
    {
      type: "object",
      properties: {
        min: { type: "integer" },
        max: { type: "integer" },
        name: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "name is immutable" }] },
        items: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["key"],
          items: {
            type: "object",
            required: ["key"],
            properties: { key: { type: "string" }, value: { type: "string" } },
            "x-kubernetes-validations": [{ rule: "self.value == oldSelf.value", message: "value is immutable", reason: "FieldValueForbidden" }],
          },
        },
        atomic: {
          type: "array",
          items: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "never checked" }] },
        },
        labels: {
          type: "object",
          additionalProperties: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "label is immutable" }] },
        },
      },
      "x-kubernetes-validations": [
        { rule: "!has(self.min) || !has(self.max) || self.min <= self.max", message: "min must not exceed max", fieldPath: ".min" },
        { rule: "!has(self.max) || self.max < 100" },
      ],
    },
    { "x-kubernetes-validations": [{ rule: "self.metadata.name != 'forbidden'", messageExpression: "'name ' + self.metadata.name + ' is taken'" }] },
  );

  it("reports failures with message, default message, fieldPath and reason", () => {
    expect(messages(version, { min: 300, max: 200 })).toEqual([
      'spec.min: Invalid value: "object": min must not exceed max',
      'spec: Invalid value: "object": failed rule: !has(self.max) || self.max < 100',
    ]);
  });

  it("reports root rules at <nil> with the messageExpression's text", () => {
    expect(version.admit(thing({}, "forbidden")).errors.map((e) => e.message)).toEqual(['<nil>: Invalid value: "object": name forbidden is taken']);
  });

  it("skips transition rules on create", () => {
    expect(messages(version, { name: "a", items: [{ key: "k", value: "v" }], labels: { a: "b" } })).toEqual([]);
  });

  it("runs transition rules on update where the old value correlates", () => {
    const old = { name: "a", items: [{ key: "k", value: "v" }, { key: "gone", value: "x" }], atomic: ["x"], labels: { a: "b" } };
    const changed = { name: "b", items: [{ key: "new", value: "z" }, { key: "k", value: "w" }], atomic: ["y"], labels: { a: "c", fresh: "d" } };
    expect(messages(version, changed, old)).toEqual([
      'spec.name: Invalid value: "string": name is immutable',
      "spec.items[1]: Forbidden: value is immutable",
      'spec.labels[a]: Invalid value: "string": label is immutable',
    ]);
    expect(messages(version, old, old)).toEqual([]);
  });

  it("compiles CEL once per CRD, not per document", () => {
    const compiled = compileCrd(crdWithSpec({ type: "object", "x-kubernetes-validations": [{ rule: "self.size() < 3" }], additionalProperties: { type: "string" } }));
    const v = compiled.version("v1")!;
    const started = performance.now();
    for (let i = 0; i < 2000; i++) v.admit(thing({ a: "1", b: `${i}` }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(v.admit(thing({ a: "1", b: "2", c: "3" })).errors.map((e) => e.message)).toEqual(['spec: Invalid value: "object": failed rule: self.size() < 3']);
  });
});

describe("ratcheting on update", () => {
  const version = versionFor({
    type: "object",
    properties: {
      name: { type: "string", maxLength: 3 },
      other: { type: "string" },
      tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
      size: { type: "integer", "x-kubernetes-validations": [{ rule: "self < 10", message: "size must be below 10" }] },
    },
  });

  it("lets unchanged invalid values through, but not changed ones", () => {
    const stored = { name: "toolong", tags: ["a", "a"], size: 20 };
    const result = version.admit(thing({ ...stored, other: "x" }), { oldObject: thing(stored) });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['spec.size: Invalid value: "integer": size must be below 10']);
    expect(messages(version, { name: "toolon", tags: ["a", "a"], size: 21 }, stored)).toEqual([
      "spec.name: Too long: may not be more than 3 bytes",
      '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    expect(messages(version, { name: "ok", tags: ["a", "a"], size: 21 }, stored)).toEqual(['spec.size: Invalid value: "integer": size must be below 10']);
    expect(messages(version, { name: "ok", tags: ["b", "b"], size: 1 }, stored)).toEqual(['spec.tags[1]: Duplicate value: "b"']);
  });
});

describe("compile problems", () => {
  it("lists rules that do not compile and patterns that are not RE2, and reports them on use", () => {
    const version = versionFor({
      type: "object",
      properties: { name: { type: "string", pattern: "^(?!kube-)", "x-kubernetes-validations": [{ rule: "self.nope == 1" }] } },
    });
    expect(version.compileProblems.length).toBe(2);
    expect(version.compileProblems[1]).toBe("pattern ^(?!kube-): error parsing regexp: invalid or unsupported Perl syntax: `(?!`");
    const errors = messages(version, { name: "x" });
    expect(errors[0]).toBe("spec.name: Invalid value: \"x\": spec.name in body should match '^(?!kube-), but pattern is invalid: error parsing regexp: invalid or unsupported Perl syntax: `(?!`'");
    expect(errors[1]).toMatch(/^spec\.name: Invalid value: "string": rule compile error: /);
  });
});
