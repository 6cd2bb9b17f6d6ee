// metav1.Status failures worded like kube-apiserver's (k8s.io/apimachinery/pkg/api/errors).

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A failed request: thrown by handlers, turned into a Status response by the router. */
export class ApiError extends Error {
  constructor(
    readonly status: Status,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
  if (details) status.details = details;
  return status;
}

/** `healthevents.nvsentinel.dgxc.nvidia.com`, or `configmaps` for the core group. */
export function qualifiedResource(plural: string, group: string): string {
  return group === "" ? plural : `${plural}.${group}`;
}

export function notFound(plural: string, group: string, name: string): ApiError {
  return new ApiError(
    failure(404, "NotFound", `${qualifiedResource(plural, group)} "${name}" not found`, { name, group, kind: plural }),
  );
}

export function alreadyExists(plural: string, group: string, name: string): ApiError {
  return new ApiError(
    failure(409, "AlreadyExists", `${qualifiedResource(plural, group)} "${name}" already exists`, {
      name,
      group,
      kind: plural,
    }),
  );
}

export function conflict(plural: string, group: string, name: string, detail: string): ApiError {
  return new ApiError(
    failure(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(plural, group)} "${name}": ${detail}`, {
      name,
      group,
      kind: plural,
    }),
  );
}

export const MODIFIED_CONFLICT = "the object has been modified; please apply your changes to the latest version and try again";

export interface FieldError {
  /** CauseType: FieldValueRequired, FieldValueInvalid, ... */
  type: string;
  field: string;
  /** What follows `<field>: ` in the message, e.g. `Required value`. */
  body: string;
}

/** 422 Invalid: `HealthEvent.nvsentinel.dgxc.nvidia.com "x" is invalid: [a, b]` (no brackets for one error). */
export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): ApiError {
  const qualifiedKind = group === "" ? kind : `${kind}.${group}`;
  const messages = [...new Set(errors.map((e) => (e.field === "" ? e.body : `${e.field}: ${e.body}`)))];
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(", ")}]`;
  const message =
    messages.length === 0 ? `${qualifiedKind} "${name}" is invalid` : `${qualifiedKind} "${name}" is invalid: ${aggregate}`;
  return new ApiError(
    failure(422, "Invalid", message, {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
    }),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(failure(400, "BadRequest", message));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));
}

export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(
    failure(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
    ),
  );
}

export function pathNotFound(): ApiError {
  return new ApiError(failure(404, "NotFound", "the server could not find the requested resource"));
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(
    failure(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds }),
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export function internalError(detail: string): ApiError {
  return new ApiError(
    failure(500, "InternalError", `Internal error occurred: ${detail}`, { causes: [{ message: detail }] }),
  );
}

/** The watch cache's wording when a watch starts before the retained history. */
export function tooOldResourceVersion(requested: number, oldest: number): Status {
  return failure(410, "Expired", `too old resource version: ${requested} (${oldest})`);
}

export function expiredContinue(): ApiError {
  return new ApiError(
    failure(
      410,
      "Expired",
      "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
    ),
  );
}
