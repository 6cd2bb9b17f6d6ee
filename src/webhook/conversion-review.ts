// apiextensions.k8s.io/v1 ConversionReview → its response, with the API server's expectations
// (apiextensions-apiserver pkg/apiserver/conversion/webhook_converter.go): the response echoes the
// request's uid; on success `convertedObjects` has one object per request object, in the same order,
// each with the desired apiVersion, the same kind, and metadata changed at most in labels and
// annotations; any failure fails the whole review with `result.status: Failure` and a message.
import { convertObject } from "../version-conversion/convert-object.js";
import type { ConversionPlan } from "../version-conversion/plan.js";

export type Review = { apiVersion: string; kind: string; response: ReviewResponse };

interface ReviewResponse {
  uid: string;
  convertedObjects?: unknown[];
  result: { status: "Success" } | { status: "Failure"; message: string };
}

/** A request the webhook cannot even answer with a review (HTTP 400). */
export class BadReviewRequest extends Error {}

const REVIEW_API_VERSION = "apiextensions.k8s.io/v1";

/** Plans by "<group>/<kind>". */
export type PlanLookup = ReadonlyMap<string, ConversionPlan>;

export function plansByKind(plans: readonly ConversionPlan[]): PlanLookup {
  return new Map(plans.map((p) => [`${p.group}/${p.kind}`, p]));
}

export function reviewResponse(body: unknown, plans: PlanLookup): Review {
  if (typeof body !== "object" || body === null) throw new BadReviewRequest("the body is not a JSON object");
  const review = body as { apiVersion?: unknown; kind?: unknown; request?: { uid?: unknown; desiredAPIVersion?: unknown; objects?: unknown } };
  if (review.kind !== "ConversionReview" || review.apiVersion !== REVIEW_API_VERSION) {
    throw new BadReviewRequest(`expected a ${REVIEW_API_VERSION} ConversionReview, got ${String(review.apiVersion)} ${String(review.kind)}`);
  }
  const request = review.request;
  if (typeof request !== "object" || request === null || typeof request.uid !== "string" || request.uid === "") {
    throw new BadReviewRequest("the ConversionReview has no request.uid");
  }
  const respond = (response: Omit<ReviewResponse, "uid">): Review => ({
    apiVersion: REVIEW_API_VERSION,
    kind: "ConversionReview",
    response: { uid: request.uid as string, ...response },
  });
  const fail = (message: string) => respond({ result: { status: "Failure", message } });
  const desired = request.desiredAPIVersion;
  if (typeof desired !== "string" || !/^[^/]+\/[^/]+$/.test(desired)) return fail(`request.desiredAPIVersion ${JSON.stringify(desired)} is not <group>/<version>`);
  if (!Array.isArray(request.objects)) return fail("request.objects is not a list");
  const [group, version] = desired.split("/");
  const converted: unknown[] = [];
  for (const [i, object] of request.objects.entries()) {
    const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const plan = plans.get(`${group}/${String(kind)}`);
    if (!plan) return fail(`objects[${i}]: no conversion for kind ${JSON.stringify(kind)} in group ${group}`);
    if (typeof apiVersion !== "string" || !apiVersion.startsWith(`${group}/`)) {
      return fail(`objects[${i}]: apiVersion ${JSON.stringify(apiVersion)} is not in the desired group ${group}`);
    }
    try {
      converted.push(convertObject(plan, object, version));
    } catch (e) {
      return fail(`objects[${i}] (${describe(object)}): ${(e as Error).message}`);
    }
  }
  return respond({ convertedObjects: converted, result: { status: "Success" } });
}

function describe(object: unknown): string {
  const metadata = (object as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  return [metadata?.namespace, metadata?.name].filter((p) => typeof p === "string").join("/") || "unnamed";
}
