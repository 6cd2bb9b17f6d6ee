// resourceVersion, resourceVersionMatch and continue on lists and watches, checked as
// kube-apiserver checks them, with its messages.
import { ApiError, badRequest, failure, invalid, type FieldError } from "./status.js";

/**
 * storage.APIObjectVersioner.ParseResourceVersion: "" and "0" mean any; otherwise
 * strconv.ParseUint(s, 10, 64), so `1e3`, `0x10`, `-1` and `+1` are refused. The etcd3 store
 * answers a bad one with NewBadRequest("invalid resource version: …").
 */
export function parseResourceVersion(text: string | null): number | undefined {
  if (text === null || text === "" || text === "0") return undefined;
  if (!/^[0-9]+$/.test(text)) {
    throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(text)}: strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const value = BigInt(text);
  if (value > 0xffffffffffffffffn) {
    throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(text)}: strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  }
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/**
 * storage.NewTooLargeResourceVersionError: what the watch cache answers when it has not seen
 * `requested` after waiting (waitUntilFreshAndBlock), 504 with a retry.
 */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(
    failure(504, "Timeout", `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
      retryAfterSeconds: 1,
    }),
    { "Retry-After": "1" },
  );
}

/**
 * k8s.io/apimachinery/pkg/apis/meta/internalversion/validation ValidateListOptions (lists only),
 * answered as NewInvalid(GroupKind{meta.k8s.io, ListOptions}, "", errs); and the etcd3 store's
 * refusal of a resourceVersion together with continue.
 */
export function checkListOptions(query: URLSearchParams): void {
  const match = query.get("resourceVersionMatch") ?? "";
  const rv = query.get("resourceVersion") ?? "";
  const continueToken = query.get("continue") ?? "";
  const errors: FieldError[] = [];
  if (match !== "") {
    if (rv === "") errors.push(forbidden("resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (continueToken !== "") errors.push(forbidden("resourceVersionMatch is forbidden when continue is provided"));
    if (match !== "Exact" && match !== "NotOlderThan") {
      errors.push({
        type: "FieldValueNotSupported",
        field: "resourceVersionMatch",
        body: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
      });
    }
    if (match === "Exact" && rv === "0") errors.push(forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (errors.length > 0) throw invalid("ListOptions", "meta.k8s.io", "", errors);
  if (continueToken !== "" && rv !== "" && rv !== "0") {
    throw badRequest("specifying resource version is not allowed when using continue");
  }
}

function forbidden(detail: string): FieldError {
  return { type: "FieldValueForbidden", field: "resourceVersionMatch", body: `Forbidden: ${detail}` };
}

/** The continue token names a revision this store has not reached: etcd's future revision. */
export function checkContinueRevision(tokenRv: number, current: number): void {
  if (!Number.isInteger(tokenRv) || tokenRv <= 0) {
    throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
  if (tokenRv > current) throw tooLargeResourceVersion(tokenRv, current);
}
