import fc from "fast-check";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { labelValueFor, objectNameFor, stateOf } from "../../src/runtime/index.js";
import { fault, recovery } from "./events.js";

const validLabelValue = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe("label values", () => {
  it("keeps plain values and encodes long or unsafe ones with a hash suffix", () => {
    expect(labelValueFor("gpu-node-a")).toBe("gpu-node-a");
    expect(labelValueFor("")).toBe("");
    const long = "dgx-h100-rack07-slot12.very-long-cluster-domain-name.example.internal";
    expect(labelValueFor(long)).toBe(`dgx-h100-rack07-slot12.very-long-cluster-dom-h${createHash("sha256").update(long).digest("hex").slice(0, 16)}`);
    expect(labelValueFor("node/with spaces")).toMatch(/^node-with-spaces-h[0-9a-f]{16}$/);
    expect(labelValueFor("///")).toMatch(/^h[0-9a-f]{16}$/);
  });

  it("never lets a real value equal another value's encoding", () => {
    const encoded = labelValueFor("x".repeat(70));
    expect(labelValueFor(encoded)).not.toBe(encoded);
  });

  it("is a valid label value for any string, and distinct strings rarely share one", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        expect(labelValueFor(a)).toMatch(validLabelValue);
        expect(labelValueFor(a).length).toBeLessThanOrEqual(63);
        if (a !== b) expect(labelValueFor(a)).not.toBe(labelValueFor(b));
      }),
    );
  });
});

describe("object names", () => {
  it("are deterministic DNS-1123 subdomains for any idempotency key", () => {
    expect(objectNameFor("key-1")).toBe(objectNameFor("key-1"));
    expect(objectNameFor("key-1")).not.toBe(objectNameFor("key-2"));
    fc.assert(fc.property(fc.string({ maxLength: 1000 }), (key) => {
      const name = objectNameFor(key);
      expect(name).toMatch(dns1123Subdomain);
      expect(name.length).toBe(35);
    }));
  });
});

describe("event state", () => {
  it("is unresolved for open faults, recovered for healthy events, and follows faultRemediated", () => {
    expect(stateOf({ spec: fault("n", "k") })).toBe("unresolved");
    expect(stateOf({ spec: recovery("n", "k") })).toBe("recovered");
    expect(stateOf({ spec: fault("n", "k"), status: { faultRemediated: true } })).toBe("remediated");
    expect(stateOf({ spec: fault("n", "k"), status: { faultRemediated: false } })).toBe("remediation-failed");
    expect(stateOf({ spec: fault("n", "k"), status: { faultRemediated: null } })).toBe("unresolved");
  });
});
