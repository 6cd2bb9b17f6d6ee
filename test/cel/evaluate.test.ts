// Evaluation of rules with Kubernetes' value mapping, libraries, runtime errors and messages.
import { describe, expect, it } from "vitest";
import { compileCelRule, type CelOutcome, type CelRuleInput } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    name: { type: "string", maxLength: 63 },
    count: { type: "integer" },
    ratio: { type: "number" },
    port: { "x-kubernetes-int-or-string": true },
    data: { type: "string", format: "byte" },
    timeout: { type: "string", format: "duration" },
    at: { type: "string", format: "date-time" },
    day: { type: "string", format: "date" },
    tags: { type: "array", maxItems: 10, items: { type: "string", maxLength: 20 } },
    numbers: { type: "array", maxItems: 10, items: { type: "integer" } },
    labels: { type: "object", maxProperties: 10, additionalProperties: { type: "string", maxLength: 20 } },
    "x-y": { type: "string", maxLength: 5 },
    namespace: { type: "string", maxLength: 5 },
    a__b: { type: "string", maxLength: 5 },
    flag: { type: "boolean" },
  },
};

function run(rule: string | CelRuleInput, self: unknown, oldSelf?: unknown): CelOutcome {
  const input = typeof rule === "string" ? { rule } : rule;
  return compileCelRule(schema, input).evaluate(self, oldSelf);
}

const PASS = { kind: "pass" };

describe("value mapping", () => {
  it.each([
    ["integer → int", "type(self.count) == int && self.count == 3", { count: 3 }],
    ["number → double, also for integral JSON numbers", "type(self.ratio) == double && self.ratio == 2.0", { ratio: 2 }],
    ["int-or-string holding a number → int", "type(self.port) == int && self.port == 8080", { port: 8080 }],
    ["int-or-string holding a string → string", "type(self.port) == string && self.port == 'http'", { port: "http" }],
    ["format byte → bytes", "self.data == b'hi'", { data: "aGk=" }],
    ["format duration → duration", "self.timeout == duration('90s') && self.timeout > duration('1m')", { timeout: "1m30s" }],
    ["format date-time → timestamp", "self.at == timestamp('2024-05-06T07:08:09Z') && self.at.getFullYear() == 2024", { at: "2024-05-06T09:08:09+02:00" }],
    ["format date → timestamp at midnight UTC", "self.day == timestamp('2024-05-06T00:00:00Z')", { day: "2024-05-06" }],
    ["arrays → lists", "self.tags == ['a', 'b'] && self.tags[1] == 'b'", { tags: ["a", "b"] }],
    ["additionalProperties → maps", "self.labels['app'] == 'web' && 'app' in self.labels && self.labels.app == 'web'", { labels: { app: "web" } }],
    ["escaped property names", "self.x__dash__y == 'a' && self.__namespace__ == 'b' && self.a__underscores__b == 'c'", { "x-y": "a", namespace: "b", a__b: "c" }],
    ["has() tests presence", "has(self.name) && !has(self.count)", { name: "n" }],
  ])("%s", (_, rule, self) => {
    expect(run(rule, self)).toEqual(PASS);
  });

  it("makes apiVersion, kind and metadata.name visible at a resource root", () => {
    const root: JSONSchemaProps = { type: "object", properties: { spec: { type: "object", properties: { n: { type: "integer" } } } } };
    const rule = compileCelRule(root, { rule: "self.metadata.name.startsWith('web-') && self.kind == 'Thing' && self.spec.n > 0" }, { isResourceRoot: true });
    expect(rule.evaluate({ apiVersion: "example.com/v1", kind: "Thing", metadata: { name: "web-1", labels: { a: "b" } }, spec: { n: 1 } }, undefined)).toEqual(PASS);
    expect(() => compileCelRule(root, { rule: "self.metadata.name == 'x'" })).toThrow("undefined field 'metadata'");
  });
});

describe("Kubernetes libraries", () => {
  it.each([
    ["lists isSorted/sum/min/max", "self.numbers.isSorted() && self.numbers.sum() == 6 && self.numbers.min() == 1 && self.numbers.max() == 3"],
    ["lists indexOf/lastIndexOf", "self.tags.indexOf('b') == 1 && self.tags.lastIndexOf('b') == 2 && self.tags.indexOf('z') == -1"],
    ["strings charAt/indexOf/lastIndexOf", "self.name.charAt(1) == 'e' && self.name.indexOf('l') == 2 && self.name.lastIndexOf('l') == 3"],
    ["strings lowerAscii/upperAscii/replace", "self.name.upperAscii() == 'HELLO' && 'ABC'.lowerAscii() == 'abc' && self.name.replace('l', 'L') == 'heLLo' && self.name.replace('l', 'L', 1) == 'heLlo'"],
    ["strings split/join/substring/trim", "'a,b,c'.split(',') == ['a', 'b', 'c'] && ['a', 'b'].join('-') == 'a-b' && self.name.substring(1, 3) == 'el' && '  x '.trim() == 'x'"],
    ["regex find/findAll", "'abc 123 def 456'.find('[0-9]+') == '123' && 'abc 123 def 456'.findAll('[0-9]+') == ['123', '456'] && 'a1b2c3'.findAll('[0-9]', 2) == ['1', '2'] && 'abc'.find('[0-9]') == ''"],
    ["matches with RE2 syntax", "self.name.matches('^[a-z]+$') && '\\u00e9'.matches('^\\\\pL$') && 'ab'.matches('(?i)^AB$')"],
    ["sets", "sets.contains(self.tags, ['a']) && sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects(self.tags, ['x', 'b'])"],
    ["macros", "self.tags.all(t, t.size() == 1) && self.tags.exists(t, t == 'a') && self.tags.exists_one(t, t == 'a') && self.tags.filter(t, t == 'b').size() == 2 && self.tags.map(t, t + '!')[0] == 'a!'"],
    ["map macros iterate keys", "self.labels.all(k, k.startsWith('app')) && self.labels.exists(k, self.labels[k] == 'web')"],
    ["timestamps and durations", "self.at + duration('1h') > self.at && self.at - timestamp('2024-05-06T00:00:00Z') == duration('7h8m9s')"],
  ])("%s", (_, rule) => {
    const self = { name: "hello", numbers: [1, 2, 3], tags: ["a", "b", "b"], labels: { app: "web", appx: "db" }, at: "2024-05-06T07:08:09Z" };
    expect(run(rule, self)).toEqual(PASS);
  });

  it("findAll follows Go: empty matches next to a previous match are skipped", () => {
    expect(run("'baaac'.findAll('a*') == ['', 'aaa', '']", {})).toEqual(PASS);
  });

  it("min of an empty list is a runtime error", () => {
    expect(run("self.numbers.min() > 0", { numbers: [] })).toEqual({ kind: "error", message: "min called on empty list evaluating rule: self.numbers.min() > 0" });
  });
});

describe("runtime errors", () => {
  it("reads of absent fields are `no such key`", () => {
    expect(run("self.name == 'x'", {})).toEqual({ kind: "error", message: "no such key: name evaluating rule: self.name == 'x'" });
    expect(run({ rule: "self.name == 'x'", message: "name must be x" }, {})).toEqual({ kind: "error", message: "no such key: name evaluating rule: name must be x" });
  });

  it("division by zero (cel-go's text)", () => {
    expect(run("self.count / 0 == 1", { count: 1 })).toEqual({ kind: "error", message: "division by zero evaluating rule: self.count / 0 == 1" });
  });

  it("int-or-string used with the wrong type is an overload error", () => {
    expect(run("self.port > 5", { port: "http" })).toEqual({
      kind: "error",
      message: "'no such overload': call arguments did not match a supported operator, function or macro signature for rule: self.port > 5",
    });
  });
});

describe("messages", () => {
  it("default to `failed rule: <rule>`", () => {
    expect(run("  self.count > 1 ", { count: 1 })).toEqual({ kind: "fail", message: "failed rule: self.count > 1" });
  });

  it("use the trimmed message", () => {
    expect(run({ rule: "self.count > 1", message: " count must be > 1 " }, { count: 1 })).toEqual({ kind: "fail", message: "count must be > 1" });
  });

  it("use the messageExpression result", () => {
    const input = { rule: "self.count > 1", message: "fallback", messageExpression: "'count ' + string(self.count) + ' is too small'" };
    expect(run(input, { count: 1 })).toEqual({ kind: "fail", message: "count 1 is too small" });
  });

  it("fall back to the message when messageExpression fails to evaluate", () => {
    const input = { rule: "self.count > 1", message: "fallback", messageExpression: "self.name" };
    expect(run(input, { count: 1 })).toEqual({ kind: "fail", message: "fallback" });
  });

  it("report an empty messageExpression result", () => {
    const input = { rule: "self.count > 1", messageExpression: "' '" };
    expect(run(input, { count: 1 })).toEqual({ kind: "fail", message: "messageExpression should evaluate to a non-empty string" });
  });

  it("carry reason and fieldPath", () => {
    const input = { rule: "self.count > 1", message: "m", reason: "FieldValueForbidden", fieldPath: ".count" };
    expect(run(input, { count: 1 })).toEqual({ kind: "fail", message: "m", reason: "FieldValueForbidden", fieldPath: ".count" });
  });
});

describe("transition rules", () => {
  it("are recognised by their use of oldSelf", () => {
    expect(compileCelRule(schema, { rule: "self.count >= oldSelf.count" }).isTransitionRule).toBe(true);
    expect(compileCelRule(schema, { rule: "self.count >= 0" }).isTransitionRule).toBe(false);
    expect(compileCelRule(schema, { rule: "self.name != 'oldSelf'" }).isTransitionRule).toBe(false);
  });

  it("compare with the old value and pass without one", () => {
    const rule = compileCelRule(schema, { rule: "self.count >= oldSelf.count", message: "count may not decrease" });
    expect(rule.evaluate({ count: 2 }, { count: 1 })).toEqual(PASS);
    expect(rule.evaluate({ count: 1 }, { count: 2 })).toEqual({ kind: "fail", message: "count may not decrease" });
    expect(rule.evaluate({ count: 1 }, undefined)).toEqual(PASS);
  });

  it("with optionalOldSelf run without an old value, oldSelf being optional.none()", () => {
    const rule = compileCelRule(schema, { rule: "oldSelf.hasValue() ? self.count >= oldSelf.value().count : self.count == 0", optionalOldSelf: true });
    expect(rule.isTransitionRule).toBe(true);
    expect(rule.evaluate({ count: 0 }, undefined)).toEqual(PASS);
    expect(rule.evaluate({ count: 1 }, undefined)).toEqual({ kind: "fail", message: "failed rule: oldSelf.hasValue() ? self.count >= oldSelf.value().count : self.count == 0" });
    expect(rule.evaluate({ count: 3 }, { count: 2 })).toEqual(PASS);
    expect(rule.evaluate({ count: 1 }, { count: 2 }).kind).toBe("fail");
    const orValue = compileCelRule(schema, { rule: "self.count >= oldSelf.orValue(self).count", optionalOldSelf: true });
    expect(orValue.evaluate({ count: 1 }, undefined)).toEqual(PASS);
    expect(orValue.evaluate({ count: 1 }, { count: 2 }).kind).toBe("fail");
    const value = compileCelRule(schema, { rule: "oldSelf.value().count >= 0", optionalOldSelf: true });
    expect(value.evaluate({ count: 1 }, undefined)).toEqual({ kind: "error", message: "optional.none() dereference evaluating rule: oldSelf.value().count >= 0" });
  });
});

describe("list types", () => {
  const lists: JSONSchemaProps = {
    type: "object",
    properties: {
      set: { type: "array", maxItems: 10, "x-kubernetes-list-type": "set", items: { type: "string", maxLength: 10 } },
      atomic: { type: "array", maxItems: 10, items: { type: "string", maxLength: 10 } },
      ports: {
        type: "array",
        maxItems: 10,
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        items: { type: "object", required: ["name"], properties: { name: { type: "string", maxLength: 10 }, port: { type: "integer" } } },
      },
    },
  };
  const check = (rule: string, self: unknown, oldSelf?: unknown) => compileCelRule(lists, { rule }).evaluate(self, oldSelf);

  it("sets compare regardless of order", () => {
    expect(check("self == oldSelf", { set: ["a", "b"] }, { set: ["b", "a"] })).toEqual(PASS);
    expect(check("self.set == ['b', 'a']", { set: ["a", "b"] })).toEqual(PASS);
    expect(check("self == oldSelf", { set: ["a", "b"] }, { set: ["a", "c"] }).kind).toBe("fail");
  });

  it("atomic lists compare in order", () => {
    expect(check("self == oldSelf", { atomic: ["a", "b"] }, { atomic: ["b", "a"] }).kind).toBe("fail");
  });

  it("map lists compare elements by their keys", () => {
    const a = [{ name: "http", port: 80 }, { name: "https", port: 443 }];
    expect(check("self == oldSelf", { ports: a }, { ports: [a[1], a[0]] })).toEqual(PASS);
    expect(check("self == oldSelf", { ports: a }, { ports: [a[1], { name: "http", port: 8080 }] }).kind).toBe("fail");
    expect(check("self.ports != oldSelf.ports", { ports: a }, { ports: [a[0]] })).toEqual(PASS);
  });

  it("concatenation keeps set and map semantics", () => {
    expect(check("self.set + ['b', 'c'] == ['a', 'b', 'c'] && size(self.set + ['b', 'c']) == 3", { set: ["a", "b"] })).toEqual(PASS);
    const merged = "(self.ports + oldSelf.ports).exists_one(p, p.name == 'http' && p.port == 8080) && size(self.ports + oldSelf.ports) == 2";
    expect(check(merged, { ports: [{ name: "http", port: 80 }, { name: "x", port: 1 }] }, { ports: [{ name: "http", port: 8080 }] })).toEqual(PASS);
    expect(check("size(self.atomic + ['a']) == 2", { atomic: ["a"] })).toEqual(PASS);
  });

  it("equality keeps CEL's rules for NaN and types", () => {
    expect(check("!(double('NaN') == double('NaN')) && type(self.set) == list && type('a') != int", { set: [] })).toEqual(PASS);
  });
});
