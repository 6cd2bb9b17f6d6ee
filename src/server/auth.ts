// Who may talk to the server: a bearer token on every request, and a Host header that names the
// listen address or localhost (a web page reached by DNS rebinding sends its own host name).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { ApiError, failure } from "./status.js";

/** A new random token (256 bits, base64url), or the first line of `tokenFile`. */
export function serverToken(tokenFile: string | undefined): string {
  if (tokenFile === undefined) return randomBytes(32).toString("base64url");
  const token = readFileSync(tokenFile, "utf8").split(/\r?\n/)[0].trim();
  if (token === "") throw new Error(`${tokenFile}: the token file is empty`);
  return token;
}

/**
 * kube-apiserver's answer to a request its authenticators reject:
 * k8s.io/apiserver/pkg/endpoints/filters/authentication.go Unauthorized() writes
 * apierrors.NewUnauthorized("Unauthorized").
 */
export function unauthorized(): ApiError {
  return new ApiError(failure(401, "Unauthorized", "Unauthorized"));
}

function hostMismatch(host: string): ApiError {
  return new ApiError(failure(403, "Forbidden", `forbidden: the Host header ${JSON.stringify(host)} names neither the listen address nor localhost`));
}

export class RequestGuard {
  private readonly expected: Buffer;

  constructor(
    token: string,
    /** The address the server listens on (e.g. 127.0.0.1, ::, 0.0.0.0). */
    private readonly listenHost: string,
  ) {
    this.expected = Buffer.from(token, "utf8");
  }

  /** Throws the 403 or 401 the request deserves; returns when it may proceed. */
  check(req: IncomingMessage): void {
    this.checkHost(req);
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized();
    const given = Buffer.from(match[1], "utf8");
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) throw unauthorized();
  }

  private checkHost(req: IncomingMessage): void {
    const host = req.headers.host;
    // HTTP/1.0 clients may leave Host out; browsers (the DNS-rebinding threat) always send it.
    if (host === undefined) {
      if (req.httpVersion === "1.0") return;
      throw hostMismatch("");
    }
    if (!this.allowedHost(hostName(host))) throw hostMismatch(host);
  }

  private allowedHost(name: string): boolean {
    const lower = name.toLowerCase();
    if (lower === "localhost" || lower.endsWith(".localhost")) return true;
    if (isIP(lower) === 0) return false;
    if (lower === this.listenHost.toLowerCase()) return true;
    if (lower === "127.0.0.1" || lower === "::1") return true;
    // A wildcard listener is reached through any of the machine's addresses; an IP literal cannot be rebound.
    return this.listenHost === "0.0.0.0" || this.listenHost === "::";
  }
}

/** `host:port`, `[v6]:port` or `host` → the host name without brackets. */
export function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]") >= 0 ? host.indexOf("]") : undefined);
  const colon = host.lastIndexOf(":");
  return colon >= 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host;
}
