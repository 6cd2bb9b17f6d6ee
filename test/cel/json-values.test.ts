// JSON as CEL values: presence of explicit nulls, `self == oldSelf` without conversion, and no state kept
// between evaluations.
import { describe, expect, it } from "vitest";
import { compileCelRule } from "../../src/cel/index.js";
import { jsonEqual } from "../../src/cel/json-equal.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const PASS = { kind: "pass" };

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    name: { type: "string", maxLength: 63 },
    nick: { type: "string", maxLength: 63, nullable: true },
    at: { type: "string", format: "date-time" },
    tags: { type: "array", maxItems: 10, "x-kubernetes-list-type": "set", items: { type: "string", maxLength: 20 } },
    labels: { type: "object", maxProperties: 10, additionalProperties: { type: "string", maxLength: 20, nullable: true } },
  },
};

const check = (rule: string, self: unknown, oldSelf?: unknown) => compileCelRule(schema, { rule, message: "failed" }).evaluate(self, oldSelf);

describe("has() on a property present with an explicit null", () => {
  it("is true where the schema is nullable, as in the apiserver", () => {
    expect(check("has(self.nick) && self.nick == null", { nick: null })).toEqual(PASS);
    expect(check("has(self.labels.a) && 'a' in self.labels && self.labels.a == null", { labels: { a: null } })).toEqual(PASS);
  });

  it("is false where it is not: the apiserver prunes such nulls before it evaluates rules", () => {
    expect(check("!has(self.name)", { name: null })).toEqual(PASS);
    expect(check("!has(self.nick)", {})).toEqual(PASS);
  });
});

describe("self == oldSelf", () => {
  const doc = { name: "a", at: "2024-05-06T07:08:09Z", tags: ["x", "y"], labels: { k: "v" } };

  it("passes on equal JSON, either way round", () => {
    expect(check("self == oldSelf", doc, structuredClone(doc))).toEqual(PASS);
    expect(check("oldSelf == self", doc, doc)).toEqual(PASS);
  });

  it("compares CEL values where the JSON differs", () => {
    // The same instant in another zone, a set in another order, a property the schema does not have.
    const same = { ...doc, at: "2024-05-06T09:08:09+02:00", tags: ["y", "x"], unknown: 1 };
    expect(check("self == oldSelf", same, doc)).toEqual(PASS);
    expect(check("self == oldSelf", { ...doc, name: "b" }, doc)).toEqual({ kind: "fail", message: "failed" });
    expect(check("oldSelf == self", doc, { ...doc, labels: {} })).toEqual({ kind: "fail", message: "failed" });
    expect(check("self == oldSelf", doc, [])).toEqual({ kind: "fail", message: "failed" });
  });

  it("still reports values that cannot be converted", () => {
    const bad = { ...doc, at: "yesterday" };
    expect(check("self == oldSelf", bad, { ...doc })).toEqual({ kind: "error", message: 'invalid timestamp "yesterday" evaluating rule: failed' });
  });
});

it("keeps nothing from one evaluation to the next: a changed object is read anew", () => {
  const rule = compileCelRule(schema, { rule: "self.name == 'a' && self.tags.size() == 1" });
  const self = { name: "a", tags: ["x"] };
  expect(rule.evaluate(self, undefined)).toEqual(PASS);
  self.name = "b";
  expect(rule.evaluate(self, undefined).kind).toBe("fail");
  self.name = "a";
  self.tags.push("y");
  expect(rule.evaluate(self, undefined).kind).toBe("fail");
});

describe("jsonEqual", () => {
  it("compares objects regardless of property order and arrays in order", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 2 })).toBe(false);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
