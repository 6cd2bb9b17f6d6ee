// Arbitraries of HealthEvent and ExternalRemediationRequest messages that satisfy the rules the proto
// declares (lengths, patterns, enums, required fields, the CUSTOM rule, list-map keys): the messages whose
// CRs the generated validators must accept.
import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import fc from "fast-check";
import {
  ExternalRemediationRequestSchema,
  type ExternalRemediationRequest,
} from "../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_pb.js";
import {
  HealthEventResourceSchema,
  HealthEventSchema,
  ProcessingStrategy,
  RecommendedAction,
  type HealthEvent,
  type HealthEventResource,
} from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_pb.js";

const text = (max: number) => fc.string({ unit: "grapheme", maxLength: max });
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("."));
// 1970 to 2100: date-time values any validator accepts.
const timestamp = fc
  .record({ seconds: fc.bigInt(0n, 4102444800n), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
  .map((t) => create(TimestampSchema, t));
const actions = Object.values(RecommendedAction).filter((v): v is RecommendedAction => typeof v === "number");
const strategies = Object.values(ProcessingStrategy).filter((v): v is ProcessingStrategy => typeof v === "number");

export const validHealthEvent: fc.Arbitrary<HealthEvent> = fc
  .record(
    {
      version: fc.integer({ min: 0, max: 4294967295 }),
      agent: text(20),
      componentClass: text(20),
      checkName: text(20),
      isFatal: fc.boolean(),
      isHealthy: fc.boolean(),
      message: text(60),
      recommendedAction: fc.constantFrom(...actions),
      errorCode: fc.array(text(8), { maxLength: 4 }),
      entitiesImpacted: fc.array(fc.record({ entityType: text(10).filter((s) => s !== ""), entityValue: text(30) }), { maxLength: 4 }),
      metadata: fc.dictionary(text(12), text(20), { maxKeys: 4 }).map((d) => ({ ...d })),
      generatedTimestamp: fc.option(timestamp, { nil: undefined }),
      nodeName: dnsName,
      quarantineOverrides: fc.option(fc.record({ force: fc.boolean(), skip: fc.boolean() }), { nil: undefined }),
      drainOverrides: fc.option(fc.record({ force: fc.boolean(), skip: fc.boolean() }), { nil: undefined }),
      processingStrategy: fc.constantFrom(...strategies),
      id: text(30),
      customRecommendedAction: text(20),
    },
    { requiredKeys: ["nodeName", "recommendedAction", "customRecommendedAction"] },
  )
  .map((init) => {
    if (init.recommendedAction === RecommendedAction.CUSTOM && init.customRecommendedAction === "") init.customRecommendedAction = "reboot-rack";
    return create(HealthEventSchema, init);
  });

const status = fc.record(
  {
    nodeQuarantined: fc.constantFrom("", "NotStarted", "Quarantined", "AlreadyQuarantined", "UnQuarantined", "Cancelled"),
    quarantineFinishTimestamp: timestamp,
    userPodsEvictionStatus: fc.record({ status: fc.constantFrom("", "NotStarted", "InProgress", "Succeeded", "Failed", "AlreadyDrained"), message: text(40) }),
    drainFinishTimestamp: timestamp,
    faultRemediated: fc.boolean(),
    lastRemediationTimestamp: timestamp,
    spanIds: fc.dictionary(text(12), text(20), { maxKeys: 4 }).map((d) => ({ ...d })),
  },
  { requiredKeys: [] },
);

export const validHealthEventResource: fc.Arbitrary<HealthEventResource> = fc
  .record({ spec: validHealthEvent, status: fc.option(status, { nil: undefined }) })
  .map((init) => create(HealthEventResourceSchema, init));

const condition = fc.record({
  type: fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/),
  status: fc.constantFrom("True", "False", "Unknown"),
  observedGeneration: fc.bigInt(0n, 2n ** 53n),
  lastTransitionTime: timestamp,
  reason: fc.stringMatching(/^[A-Za-z]([A-Za-z0-9_,:]{0,10}[A-Za-z0-9_])?$/),
  message: text(40),
});

export const validExternalRemediationRequest: fc.Arbitrary<ExternalRemediationRequest> = fc
  .record({
    spec: validHealthEvent.map((healthEvent) => ({ healthEvent })),
    status: fc.option(fc.record({ conditions: fc.uniqueArray(condition, { maxLength: 4, selector: (c) => c.type }) }), { nil: undefined }),
  })
  .map((init) => create(ExternalRemediationRequestSchema, init));
