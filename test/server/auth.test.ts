// The request guard's pieces: token sources, Host parsing and which hosts a listener accepts.
import { mkdtempSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostName, RequestGuard, serverToken } from "../../src/server/auth.js";
import { subjectAltNames } from "../../src/server/self-signed-cert.js";

function request(host: string | undefined, authorization?: string, httpVersion = "1.1"): IncomingMessage {
  return { headers: { host, authorization }, httpVersion } as unknown as IncomingMessage;
}

function outcome(guard: RequestGuard, req: IncomingMessage): number {
  try {
    guard.check(req);
    return 200;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe("request guard", () => {
  it("makes a new random token per server, or reads the first line of a token file", () => {
    expect(serverToken(undefined)).not.toBe(serverToken(undefined));
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-token-"));
    writeFileSync(join(dir, "t"), "  secret \nignored\n");
    expect(serverToken(join(dir, "t"))).toBe("secret");
    writeFileSync(join(dir, "empty"), "\n");
    expect(() => serverToken(join(dir, "empty"))).toThrow(`${join(dir, "empty")}: the token file is empty`);
  });

  it("parses Host headers", () => {
    expect(hostName("127.0.0.1:8080")).toBe("127.0.0.1");
    expect(hostName("[::1]:8080")).toBe("::1");
    expect(hostName("localhost")).toBe("localhost");
    expect(hostName("::1")).toBe("::1");
  });

  it("accepts localhost, loopback and the listen address; any IP literal on a wildcard listener", () => {
    const local = new RequestGuard("t", "127.0.0.1");
    const auth = "Bearer t";
    expect(outcome(local, request("localhost:1", auth))).toBe(200);
    expect(outcome(local, request("[::1]:1", auth))).toBe(200);
    expect(outcome(local, request("10.0.0.5:1", auth))).toBe(403);
    expect(outcome(local, request("attacker.example:1", auth))).toBe(403);
    expect(outcome(local, request(undefined, auth))).toBe(403);
    expect(outcome(local, request(undefined, auth, "1.0"))).toBe(200);
    const wildcard = new RequestGuard("t", "0.0.0.0");
    expect(outcome(wildcard, request("10.0.0.5:1", auth))).toBe(200);
    expect(outcome(wildcard, request("attacker.example:1", auth))).toBe(403);
    expect(outcome(local, request("localhost:1", "bearer t"))).toBe(200);
    expect(outcome(local, request("localhost:1", "Bearer u"))).toBe(401);
  });

  it("names the listen address in the certificate", () => {
    expect(subjectAltNames("127.0.0.1")).toEqual(["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
    expect(subjectAltNames("10.1.2.3")).toEqual(["DNS:localhost", "IP:127.0.0.1", "IP:::1", "IP:10.1.2.3"]);
    expect(subjectAltNames("0.0.0.0")).toEqual(["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
  });
});
