// The runtime the generated validators call (protoc-gen-crd-ts/validation: RE2 patterns, formats), and the behaviours
// that need an old object: transition rules and CEL skipping.
import { RE2JS } from "@bufbuild/re2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTest, patternTest } from "../../src/validation/index.js";
import { isPortable } from "../../src/validation/patterns.js";
import { EXTERNAL_REMEDIATION_REQUEST, HEALTH_EVENT, PROJECT_RESOURCES } from "./support/resources.js";

describe("patternTest", () => {
  const crdPatterns = PROJECT_RESOURCES.flatMap((r) => [...JSON.stringify(r.schema).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string));

  it("runs every pattern of our CRDs on the native engine, agreeing with RE2 on arbitrary strings", () => {
    expect(crdPatterns.length).toBeGreaterThanOrEqual(3);
    for (const pattern of crdPatterns) {
      expect(isPortable(pattern), pattern).toBe(true);
      const re2 = RE2JS.compile(pattern);
      const test = patternTest(pattern);
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.stringMatching(new RegExp(pattern, "u")), fc.string({ unit: "binary" })), (s) => test(s) === re2.test(s)),
        { numRuns: 300, seed: 1 },
      );
    }
  });

  it("keeps RE2 semantics where JavaScript differs", () => {
    expect(isPortable("^a.c$")).toBe(false);
    expect(patternTest("^a.c$")("a\rc")).toBe(true); // RE2's `.` matches \r, JavaScript's does not
    expect(patternTest("^a.c$")("a\nc")).toBe(false);
    expect(patternTest("^\\s$")("\u00a0")).toBe(false); // RE2's \s is ASCII
    expect(patternTest("^[[:alpha:]]+$")("abc")).toBe(true);
    expect(patternTest("^x{2}$")("xx")).toBe(true);
    expect(patternTest("(?i)^abc$")("ABC")).toBe(true);
    expect(patternTest("(")("(")).toBe(false); // uncompilable: never matches
  });
});

describe("formats", () => {
  it("validates date-time like kube-openapi's IsDateTime", () => {
    const dateTime = formatTest("date-time")!;
    for (const ok of ["2024-05-01T12:00:00Z", "2024-05-01t12:00:00z", "2024-02-29T23:59:59.123456789+02:00", "2024-05-01T12:00:00.5-07:00"]) expect(dateTime(ok), ok).toBe(true);
    for (const bad of ["2023-02-29T00:00:00Z", "2024-05-01 12:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00", "yesterday", ""]) expect(dateTime(bad), bad).toBe(false);
  });

  it("validates the other formats the apiserver knows and ignores the rest", () => {
    expect(formatTest("date")!("2024-02-29")).toBe(true);
    expect(formatTest("date")!("2023-02-29")).toBe(false);
    expect(formatTest("byte")!("aGk=")).toBe(true);
    expect(formatTest("byte")!("aGk")).toBe(false);
    expect(formatTest("duration")!("1h30m")).toBe(true);
    expect(formatTest("duration")!("3 days")).toBe(true);
    expect(formatTest("duration")!("soon")).toBe(false);
    expect(formatTest("uuid")!("5c1e3a52-7a64-4b8a-9f5d-2c1d3c4e5f60")).toBe(true);
    expect(formatTest("uuid")!("5c1e3a52")).toBe(false);
    expect(formatTest("ipv4")!("10.0.0.1")).toBe(true);
    expect(formatTest("ipv6")!("::1")).toBe(true);
    expect(formatTest("cidr")!("10.0.0.0/33")).toBe(false);
    expect(formatTest("int64")).toBeUndefined();
    expect(formatTest("password")).toBeUndefined();
    expect(formatTest("colour")).toBeUndefined();
  });
});

describe("transition rules and CEL", () => {
  const event = { apiVersion: HEALTH_EVENT.apiVersion, kind: "HealthEvent", metadata: { name: "e" }, spec: { nodeName: "node-1", agent: "a" } };

  it("runs `self == oldSelf` on spec only when an old object is given", () => {
    const changed = { ...event, spec: { ...event.spec, agent: "b" } };
    expect(HEALTH_EVENT.validate(changed)).toEqual([]);
    expect(HEALTH_EVENT.validate(changed, { oldObject: event })).toEqual([{ path: "spec", rule: "cel", message: 'Invalid value: "object": spec is immutable' }]);
    expect(HEALTH_EVENT.validate({ ...event, status: { nodeQuarantined: "Quarantined" } }, { oldObject: event })).toEqual([]);
    // No old value at that path (e.g. the old object had no spec): the transition rule does not run.
    expect(HEALTH_EVENT.validate(changed, { oldObject: { ...event, spec: undefined } })).toEqual([]);
  });

  it("skips every CEL rule when the object has blocking errors, and can be told to skip them", () => {
    const custom = { ...event, spec: { nodeName: "node-1", recommendedAction: "CUSTOM", version: "x" } };
    expect(HEALTH_EVENT.validate(custom).map((v) => v.path)).toEqual(["spec.version", ""]);
    expect(HEALTH_EVENT.validate({ ...custom, spec: { nodeName: "node-1", recommendedAction: "CUSTOM" } }).map((v) => v.path)).toEqual(["spec.customRecommendedAction"]);
    expect(HEALTH_EVENT.validate({ ...custom, spec: { nodeName: "node-1", recommendedAction: "CUSTOM" } }, { celRules: false })).toEqual([]);
  });

  it("reports a wrong apiVersion or kind alone, as the apiserver refuses such a body outright", () => {
    expect(EXTERNAL_REMEDIATION_REQUEST.validate({ ...event, spec: {} })).toEqual([
      { path: "kind", rule: "kind", message: 'Invalid value: "HealthEvent": must be ExternalRemediationRequest' },
      { path: "apiVersion", rule: "apiVersion", message: 'Invalid value: "nvsentinel.dgxc.nvidia.com/v1": must be nvsentinel.nvidia.com/v1alpha1' },
    ]);
  });
});
