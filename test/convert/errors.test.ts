// Invalid input gets a ConversionError with the path in the custom resource and the reason; valid edge
// cases convert. Uses the checked-in generated/ts modules.
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { ConversionError, fromHealthEvent, toHealthEvent } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_convert.js";
import { validateHealthEvent } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_validate.js";
import { HealthEventResourceSchema, RecommendedAction } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_pb.js";

const API_VERSION = "nvsentinel.dgxc.nvidia.com/v1alpha1";
const meta = { name: "he-1", namespace: "default" };

function cr(spec: Record<string, unknown>, status?: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: "HealthEvent", metadata: meta, spec: { nodeName: "node-1", ...spec }, ...(status ? { status } : {}) };
}

/** The ConversionError `fn` throws, as "path | reason". */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConversionError) {
      expect(e.message).toBe(e.path === "" ? e.reason : `${e.path}: ${e.reason}`);
      return `${e.path} | ${e.reason}`;
    }
    throw e;
  }
  throw new Error("no error");
}

describe("fromHealthEvent refuses what the CRD does not accept", () => {
  const cases: [string, unknown, string][] = [
    ["not an object", null, " | expected an object, got null"],
    ["a list", [], " | expected an object, got a list"],
    ["wrong apiVersion", { ...cr({}), apiVersion: "v1" }, `apiVersion | expected "${API_VERSION}", got "v1"`],
    ["wrong kind", { ...cr({}), kind: "Pod" }, `kind | expected "HealthEvent", got "Pod"`],
    ["missing spec", { apiVersion: API_VERSION, kind: "HealthEvent", metadata: meta }, "spec | required value"],
    ["missing nodeName", { ...cr({}), spec: { agent: "a" } }, "spec.nodeName | required value"],
    ["nodeName not a string", cr({ nodeName: 5 }), "spec.nodeName | expected a string, got 5"],
    ["unknown property", cr({ bogus: 1 }), "spec.bogus | unknown field: the CRD does not define it"],
    ["unknown root property", { ...cr({}), extra: {} }, "extra | unknown field: the CRD does not define it"],
    [
      "enum name not listed",
      cr({ recommendedAction: "REBOOT" }),
      'spec.recommendedAction | expected one of NONE, COMPONENT_RESET, CONTACT_SUPPORT, RUN_FIELDDIAG, RESTART_VM, RESTART_BM, REPLACE_VM, RUN_DCGMEUD, CUSTOM, UNKNOWN, got "REBOOT"',
    ],
    [
      "enum number (names policy)",
      cr({ recommendedAction: 2 }),
      "spec.recommendedAction | expected one of NONE, COMPONENT_RESET, CONTACT_SUPPORT, RUN_FIELDDIAG, RESTART_VM, RESTART_BM, REPLACE_VM, RUN_DCGMEUD, CUSTOM, UNKNOWN, got 2",
    ],
    ["list item", cr({ entitiesImpacted: [{ entityType: "GPU" }, { entityType: true }] }), "spec.entitiesImpacted[1].entityType | expected a string, got true"],
    ["not a list", cr({ errorCode: "79" }), 'spec.errorCode | expected a list, got "79"'],
    ["map value", cr({ metadata: { k: 1 } }), "spec.metadata[k] | expected a string, got 1"],
    ["uint32 out of range", cr({ version: -1 }), "spec.version | expected an unsigned 32-bit integer, got -1"],
    ["uint32 fraction", cr({ version: 1.5 }), "spec.version | expected an unsigned 32-bit integer, got 1.5"],
    ["date that does not exist", cr({ generatedTimestamp: "2024-02-30T00:00:00Z" }), 'spec.generatedTimestamp | "2024-02-30T00:00:00Z" is not a valid date and time'],
    ["not RFC 3339", cr({ generatedTimestamp: "yesterday" }), 'spec.generatedTimestamp | expected an RFC 3339 timestamp, e.g. "2024-05-01T12:00:00Z", got "yesterday"'],
    [
      "status word not listed",
      cr({}, { nodeQuarantined: "Bogus" }),
      'status.nodeQuarantined | expected one of "NotStarted", "Quarantined", "AlreadyQuarantined", "UnQuarantined", "Cancelled", got "Bogus"',
    ],
    ["wrapper of the wrong type", cr({}, { faultRemediated: "yes" }), 'status.faultRemediated | expected a boolean, got "yes"'],
    ["nested message not an object", cr({ quarantineOverrides: "force" }), 'spec.quarantineOverrides | expected an object, got "force"'],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      expect(failure(() => fromHealthEvent(input))).toBe(expected);
    });
  }

  test("long strings are cut in the message", () => {
    expect(failure(() => fromHealthEvent(cr({ nodeName: 7, agent: 1 })))).toBe("spec.agent | expected a string, got 1");
    expect(failure(() => fromHealthEvent(cr({ version: "x".repeat(100) })))).toBe(`spec.version | expected an unsigned 32-bit integer, got "${"x".repeat(64)}…"`);
  });
});

describe("fromHealthEvent accepts what the CRD accepts", () => {
  test("null is absent, as the API server prunes it", () => {
    const message = fromHealthEvent(cr({ agent: null, generatedTimestamp: null }, { faultRemediated: null }));
    expect(message.spec?.agent).toBe("");
    expect(message.spec?.generatedTimestamp).toBeUndefined();
    expect(message.status?.faultRemediated).toBeUndefined();
  });

  test("timestamps with an offset and fractions", () => {
    const message = fromHealthEvent(cr({ generatedTimestamp: "2024-05-01T14:00:00.5+02:00" }));
    expect(message.spec?.generatedTimestamp).toEqual(create(TimestampSchema, { seconds: 1714564800n, nanos: 500_000_000 }));
  });

  test("unknown properties are skipped with ignoreUnknownFields", () => {
    expect(fromHealthEvent(cr({ bogus: 1 }), { ignoreUnknownFields: true }).spec?.nodeName).toBe("node-1");
  });

  test("map keys a plain object inherits stay data", () => {
    const message = fromHealthEvent(JSON.parse(`{"apiVersion":"${API_VERSION}","kind":"HealthEvent","metadata":{},"spec":{"nodeName":"n","metadata":{"__proto__":"x","constructor":"y"}}}`));
    expect(Object.keys(message.spec!.metadata)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(message.spec!.metadata)).toBe(Object.prototype);
    const back = toHealthEvent(message, meta);
    expect(JSON.stringify(back.spec.metadata)).toBe('{"__proto__":"x","constructor":"y"}');
  });
});

describe("toHealthEvent refuses messages the CRD cannot hold", () => {
  test("a required message field that is not set", () => {
    expect(failure(() => toHealthEvent(create(HealthEventResourceSchema), meta))).toBe("spec | required by the CRD, but not set in the message");
  });

  test("an enum number the enum does not declare", () => {
    const message = create(HealthEventResourceSchema, { spec: { nodeName: "n", recommendedAction: 7 as RecommendedAction } });
    expect(failure(() => toHealthEvent(message, meta))).toBe(
      "spec.recommendedAction | 7 is not a value of nvsentinel.health.v1alpha1.RecommendedAction that the CRD accepts (NONE, COMPONENT_RESET, CONTACT_SUPPORT, RUN_FIELDDIAG, RESTART_VM, RESTART_BM, REPLACE_VM, RUN_DCGMEUD, CUSTOM, UNKNOWN)",
    );
  });

  test("a status word the CRD does not list", () => {
    const message = create(HealthEventResourceSchema, { spec: { nodeName: "n" }, status: { userPodsEvictionStatus: { status: "Done" } } });
    expect(failure(() => toHealthEvent(message, meta))).toBe(
      'status.userPodsEvictionStatus.status | expected one of "NotStarted", "InProgress", "Succeeded", "Failed", "AlreadyDrained", got "Done"',
    );
  });

  test("a timestamp outside 0001..9999", () => {
    const message = create(HealthEventResourceSchema, { spec: { nodeName: "n", generatedTimestamp: { seconds: 253402300800n } } });
    expect(failure(() => toHealthEvent(message, meta))).toBe("spec.generatedTimestamp | timestamp must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
  });
});

describe("toHealthEvent writes protojson's forms", () => {
  test("unset fields are omitted, required ones written, timestamps in UTC with 0, 3, 6 or 9 decimals", () => {
    const message = create(HealthEventResourceSchema, {
      spec: { nodeName: "", recommendedAction: RecommendedAction.CUSTOM, generatedTimestamp: { seconds: -62135596800n, nanos: 120_000_000 } },
      status: { faultRemediated: false, lastRemediationTimestamp: { seconds: 1714564800n, nanos: 1_000 } },
    });
    expect(toHealthEvent(message, meta)).toEqual({
      apiVersion: API_VERSION,
      kind: "HealthEvent",
      metadata: meta,
      spec: { nodeName: "", recommendedAction: "CUSTOM", generatedTimestamp: "0001-01-01T00:00:00.120Z" },
      status: { faultRemediated: false, lastRemediationTimestamp: "2024-05-01T12:00:00.000001Z" },
    });
  });

  test("a message that breaks a proto rule gives a CR the validator refuses", () => {
    const message = create(HealthEventResourceSchema, { spec: { nodeName: "Bad_Node", recommendedAction: RecommendedAction.CUSTOM } });
    const paths = validateHealthEvent(toHealthEvent(message, meta)).map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(["spec.nodeName", "spec.customRecommendedAction"]));
  });
});
