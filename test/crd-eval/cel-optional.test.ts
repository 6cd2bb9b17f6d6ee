// Rules with CEL's optional syntax through crd-eval (what `crd-ts validate --crd` and `crd-ts serve` run):
// cel-go semantics, see test/cel/optional-syntax.test.ts.
import { describe, expect, it } from "vitest";
import { messages, versionFor } from "./crd-fixture.js";

describe("optional syntax in x-kubernetes-validations", () => {
  const version = versionFor({
    type: "object",
    properties: {
      tls: { type: "object", properties: { mode: { type: "string" } } },
      cert: { type: "string" },
      ports: { type: "array", items: { type: "integer" } },
    },
    "x-kubernetes-validations": [
      { rule: "self.?tls.mode.orValue('none') != 'strict' || has(self.cert)", message: "strict TLS needs a cert" },
      // `self.ports[?0]` alone would fail with "no such key: ports" without ports: only `.?` makes the select optional.
      { rule: "self.?ports[?0].orValue(1) > 0", messageExpression: "'first port ' + string(self.?ports[0].value()) + ' is not positive'" },
    ],
  });

  it("accepts what the rules allow", () => {
    expect(messages(version, {})).toEqual([]);
    expect(messages(version, { tls: {} })).toEqual([]);
    expect(messages(version, { tls: { mode: "strict" }, cert: "c", ports: [443] })).toEqual([]);
  });

  it("reports what they refuse", () => {
    expect(messages(version, { tls: { mode: "strict" }, ports: [0, 1] })).toEqual([
      'spec: Invalid value: "object": strict TLS needs a cert',
      'spec: Invalid value: "object": first port 0 is not positive',
    ]);
  });
});
