// The API server's side of a conversion webhook: sends the objects in one apiextensions.k8s.io/v1
// ConversionReview over HTTPS and accepts the answer only as kube-apiserver does
// (apiextensions-apiserver pkg/apiserver/conversion/webhook_converter.go, Convert and
// getConvertedObjectsFromResponse; metadata as validateConvertedObject checks it): the response's uid
// is the request's, the result is Success, there is one object per object sent, each with the desired
// apiVersion and the original kind, and its metadata differs at most in labels and annotations. Any
// failure fails the whole conversion, with the API server's message. For `crd-ts serve` to convert
// through a configured webhook besides in process.
import { randomUUID } from "node:crypto";
import { request } from "node:https";
import { isDeepStrictEqual } from "node:util";

type JsonObject = Record<string, unknown>;

export interface WebhookClientOptions {
  /** e.g. https://127.0.0.1:8443/convert */
  url: string;
  /** PEM of the CA that signed the webhook's certificate (a CRD's caBundle, decoded). */
  ca?: string;
  /** kube-apiserver waits 30 s for a conversion webhook. */
  timeoutMs?: number;
}

export class WebhookConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookConversionError";
  }
}

/** `objects` (all of one kind) converted to `desiredAPIVersion` by the webhook. */
export async function convertThroughWebhook(options: WebhookClientOptions, objects: readonly JsonObject[], desiredAPIVersion: string): Promise<JsonObject[]> {
  if (objects.length === 0) return [];
  const gvk = `${desiredAPIVersion}, Kind=${String(objects[0].kind)}`;
  const uid = randomUUID();
  const body = JSON.stringify({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", request: { uid, desiredAPIVersion, objects } });
  let reply: unknown;
  try {
    reply = JSON.parse(await post(options, body));
  } catch (e) {
    throw new WebhookConversionError(`conversion webhook for ${gvk} failed: ${(e as Error).message}`);
  }
  const response = (reply as { response?: { uid?: unknown; result?: { status?: unknown; message?: unknown }; convertedObjects?: unknown } } | null)?.response;
  const fail = (message: string) => new WebhookConversionError(`conversion webhook for ${gvk} failed: ${message}`);
  if (!response) throw fail("no response provided");
  if (response.uid !== uid) throw fail(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(response.uid)}`);
  if (response.result?.status !== "Success") {
    throw fail(typeof response.result?.message === "string" && response.result.message !== "" ? response.result.message : `response.result.status was '${String(response.result?.status ?? "")}', not 'Success'`);
  }
  const converted = Array.isArray(response.convertedObjects) ? (response.convertedObjects as unknown[]) : [];
  if (converted.length !== objects.length) throw new WebhookConversionError(`conversion webhook for ${gvk} returned ${converted.length} objects, expected ${objects.length}`);
  return converted.map((object, i) => checked(gvk, i, objects[i], object, desiredAPIVersion));
}

function checked(gvk: string, index: number, original: JsonObject, converted: unknown, desiredAPIVersion: string): JsonObject {
  const invalid = (what: string) => new WebhookConversionError(`conversion webhook for ${gvk} returned invalid ${what}`);
  if (typeof converted !== "object" || converted === null || Array.isArray(converted)) throw invalid(`converted object at index ${index}: not a JSON object`);
  const object = converted as JsonObject;
  if (object.apiVersion !== desiredAPIVersion) throw invalid(`converted object at index ${index}: invalid groupVersion (expected ${desiredAPIVersion}, received ${String(object.apiVersion)})`);
  if (object.kind !== original.kind) throw invalid(`converted object at index ${index}: invalid kind (expected ${String(original.kind)}, received ${String(object.kind)})`);
  const [before, after] = [withoutLabelsAndAnnotations(original.metadata), withoutLabelsAndAnnotations(object.metadata)];
  if (!isDeepStrictEqual(before, after)) {
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !isDeepStrictEqual(before[k], after[k])).sort();
    throw invalid(`metadata at index ${index}: only labels and annotations may change (changed: ${changed.map((k) => `metadata.${k}`).join(", ")})`);
  }
  return object;
}

function withoutLabelsAndAnnotations(metadata: unknown): JsonObject {
  const { labels: _labels, annotations: _annotations, ...rest } = (typeof metadata === "object" && metadata !== null ? metadata : {}) as JsonObject;
  return rest;
}

function post(options: WebhookClientOptions, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(options.url, { method: "POST", ca: options.ca, headers: { "Content-Type": "application/json", Accept: "application/json" }, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`the server responded with status ${res.statusCode ?? 0}: ${text.slice(0, 200)}`))));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out after ${options.timeoutMs ?? 30_000} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
