// Kind → plural, as controller-gen's defaults give them (see src/schema/names.ts).
import { describe, expect, it } from "vitest";
import { pluralize } from "../../src/schema/names.js";

describe("pluralize", () => {
  const cases: [string, string][] = [
    ["Policy", "policies"],
    ["AuthorizationPolicy", "authorizationpolicies"],
    ["Ingress", "ingresses"],
    ["Traces", "traces"],
    ["Metrics", "metrics"],
    ["Status", "statuses"],
    ["Box", "boxes"],
    ["Match", "matches"],
    ["Mesh", "meshes"],
    ["Quiz", "quizzes"],
    ["Index", "indices"],
    ["ConfigIndex", "configindices"],
    ["Analysis", "analyses"],
    ["Alias", "aliases"],
    ["Gateway", "gateways"],
    ["Day", "days"],
    ["Fleet", "fleets"],
    ["HealthEvent", "healthevents"],
    ["Address", "addresses"],
    ["Series", "series"],
  ];
  for (const [kind, plural] of cases) it(`${kind} → ${plural}`, () => expect(pluralize(kind)).toBe(plural));
});
