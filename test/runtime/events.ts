// Health event specs for runtime tests.
import type { HealthEventSpec } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";

export function fault(node: string, key: string, overrides: Partial<HealthEventSpec> = {}): HealthEventSpec {
  return {
    version: 1,
    agent: "gpu-health-monitor",
    componentClass: "GPU",
    checkName: "GpuXidError",
    isFatal: true,
    isHealthy: false,
    message: "XID 79 on GPU 0",
    recommendedAction: "RESTART_VM",
    errorCode: ["79"],
    entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }],
    metadata: { idempotencyKey: key },
    generatedTimestamp: "2026-11-25T12:00:00Z",
    nodeName: node,
    processingStrategy: "EXECUTE_REMEDIATION",
    ...overrides,
  };
}

export function recovery(node: string, key: string, overrides: Partial<HealthEventSpec> = {}): HealthEventSpec {
  return fault(node, key, { isHealthy: true, isFatal: false, message: "GPU healthy", recommendedAction: "NONE", errorCode: [], ...overrides });
}
