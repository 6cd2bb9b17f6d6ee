// crd-ts serve as a separate process, probed with raw HTTP: authentication, Host check, TLS,
// media types, bounds (bodies, objects, nesting), prototype keys in patches, and the API
// server's strictness (unconditional updates, label values, fieldValidation, resourceVersion
// and continue checks, HTTP/1.0 watches).
import { execFile } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRD_DIR, healthEvent, HE_PATH } from "./fixture.js";
import { BUILT, HAVE_OPENSSL, raw, startServerProcess, type ServerProcess } from "./process-server.js";

const WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

/** A CRD whose spec keeps any JSON: room for large and deep objects. */
function widgetCrd(): unknown {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } } },
        },
      ],
    },
  };
}

function widget(name: string, spec: unknown = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "example.com/v1", kind: "Widget", metadata: { name, ...extra }, spec };
}

/** `{"a":{"a":…1…}}` nested `depth` times, as text (JSON.stringify itself overflows near 4,500). */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

function widgetText(name: string, specText: string): string {
  return `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"${name}"},"spec":${specText}}`;
}

const json = (value: unknown) => JSON.stringify(value);

describe.skipIf(!BUILT)("crd-ts serve hardening (separate process)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-hard-"));
    writeFileSync(join(dir, "widgets.yaml"), stringify(widgetCrd()));
    server = await startServerProcess(["--crd", CRD_DIR, "--crd", join(dir, "widgets.yaml")]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("authentication and transport", () => {
    it("answers a missing or wrong token with the API server's 401 Status", async () => {
      const unauthorized = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 };
      for (const headers of [{}, { Authorization: "Bearer crd-ts-local" }, { Authorization: `Basic ${server.token}` }, { Authorization: `Bearer ${server.token}x` }]) {
        const reply = await raw(server, { path: HE_PATH, headers, auth: false });
        expect(reply.status).toBe(401);
        expect(reply.json).toEqual(unauthorized);
      }
      // Writes too, and paths that do not exist (authentication comes first).
      expect((await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("x")), auth: false })).status).toBe(401);
      expect((await raw(server, { path: "/nope", auth: false })).status).toBe(401);
      expect((await raw(server, { path: HE_PATH })).status).toBe(200);
    });

    it("writes a random token into a kubeconfig only its owner can read", () => {
      expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(statSync(server.kubeconfigPath).mode & 0o777).toBe(0o600);
    });

    it("refuses a Host header that names another host (DNS rebinding)", async () => {
      const port = server.port;
      for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`]) {
        const reply = await raw(server, { path: HE_PATH, headers: { Host: host } });
        expect(reply.status).toBe(403);
        expect(reply.json.message).toBe(`forbidden: the Host header ${JSON.stringify(host)} names neither the listen address nor localhost`);
      }
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, "localhost"]) {
        expect((await raw(server, { path: HE_PATH, headers: { Host: host } })).status).toBe(200);
      }
    });

    it("answers 415 for media types the API server would not take", async () => {
      const accepted = "the body of the request was in an unknown format - accepted media types include: ";
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const reply = await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("media")), headers: { "Content-Type": type } });
        expect(reply.status).toBe(415);
        expect(reply.json).toMatchObject({ reason: "UnsupportedMediaType", code: 415, message: `${accepted}application/json, application/yaml, application/vnd.kubernetes.protobuf` });
      }
      const created = await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("media")), headers: { "Content-Type": "application/json; charset=utf-8" } });
      expect(created.status).toBe(201);
      const strategic = await raw(server, { method: "PATCH", path: `${HE_PATH}/media`, body: "{}", headers: { "Content-Type": "application/strategic-merge-patch+json" } });
      expect(strategic.status).toBe(415);
      expect(strategic.json.message).toBe(`${accepted}application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
      const plain = await raw(server, { method: "PATCH", path: `${HE_PATH}/media`, body: "{}", headers: { "Content-Type": "text/plain" } });
      expect(plain.status).toBe(415);
    });
  });

  describe("bounds", () => {
    it("refuses bodies over 3 MiB and objects over 1.5 MiB with the API server's statuses", async () => {
      const huge = await raw(server, { method: "POST", path: WIDGETS, body: json(widget("huge", { data: "x".repeat(3 * 1024 * 1024) })) });
      expect(huge.status).toBe(413);
      expect(huge.json).toMatchObject({ reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 3145728" });
      const big = await raw(server, { method: "POST", path: WIDGETS, body: json(widget("big", { data: "x".repeat(1_600_000) })) });
      expect(big.status).toBe(413);
      expect(big.json).toMatchObject({ reason: "RequestEntityTooLarge", message: "Request entity too large: etcdserver: request is too large" });
      expect((await raw(server, { method: "POST", path: WIDGETS, body: json(widget("fits", { data: "x".repeat(1_500_000) })) })).status).toBe(201);
      // Growing a stored object past the limit by patches is refused the same way.
      const grown = await raw(server, {
        method: "PATCH",
        path: `${WIDGETS}/fits`,
        body: json({ spec: { more: "y".repeat(100_000) } }),
        headers: { "Content-Type": "application/merge-patch+json" },
      });
      expect(grown.status).toBe(413);
      expect((await raw(server, { path: `${WIDGETS}/big` })).status).toBe(404);
    });

    it("answers deep nesting with 4xx, never 5xx", async () => {
      expect((await raw(server, { method: "POST", path: WIDGETS, body: widgetText("deep", nested(1998)) })).status).toBe(201);
      const tooDeep = await raw(server, { method: "POST", path: WIDGETS, body: widgetText("deeper", nested(5000)) });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.json.message).toBe("the request body nests more than 2000 levels deep: exceeded max depth");
      const merge = await raw(server, { method: "PATCH", path: `${WIDGETS}/deep`, body: `{"spec":${nested(5000)}}`, headers: { "Content-Type": "application/merge-patch+json" } });
      expect(merge.status).toBe(400);
      // A JSON patch puts a 1,500-deep value under a 1,500-deep path (within the 1,998-deep spec): the result is too deep.
      const path = `/spec${"/a".repeat(1499)}`;
      const jsonPatch = await raw(server, {
        method: "PATCH",
        path: `${WIDGETS}/deep`,
        body: `[{"op":"replace","path":"${path}","value":${nested(1500)}}]`,
        headers: { "Content-Type": "application/json-patch+json" },
      });
      expect(jsonPatch.status).toBe(400);
      expect((await raw(server, { path: `${WIDGETS}/deep` })).status).toBe(200);
    });

    it("treats __proto__, constructor and prototype as ordinary keys", async () => {
      await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("proto-a")) });
      await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("proto-b")) });
      // RFC 6902: /__proto__ is a missing member, as in the API server's json-patch library.
      const polluting = await raw(server, {
        method: "PATCH",
        path: `${HE_PATH}/proto-a`,
        body: json([{ op: "add", path: "/__proto__/deletionTimestamp", value: "2026-01-01T00:00:00Z" }]),
        headers: { "Content-Type": "application/json-patch+json" },
      });
      expect(polluting.status).toBe(422);
      expect(polluting.json.message).toBe('doc is missing path: "/__proto__/deletionTimestamp": missing value');
      const viaMerge = await raw(server, {
        method: "PATCH",
        path: `${WIDGETS}/fits`,
        body: '{"spec":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"data":"z"}}',
        headers: { "Content-Type": "application/merge-patch+json" },
      });
      expect(viaMerge.status).toBe(200);
      expect(viaMerge.json.spec).toEqual(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"data":"z"}'));
      // Nothing leaked into other objects: a status update of b keeps b.
      const b = (await raw(server, { path: `${HE_PATH}/proto-b` })).json;
      expect(b.metadata.deletionTimestamp).toBeUndefined();
      expect(b.polluted).toBeUndefined();
      const status = await raw(server, { method: "PUT", path: `${HE_PATH}/proto-b/status`, body: json({ ...b, status: { nodeQuarantined: "Quarantined" } }) });
      expect(status.status).toBe(200);
      expect((await raw(server, { path: `${HE_PATH}/proto-b` })).status).toBe(200);
    });
  });

  describe("strictness", () => {
    it("refuses an update of a custom resource without resourceVersion", async () => {
      await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("uncond")) });
      const reply = await raw(server, { method: "PUT", path: `${HE_PATH}/uncond`, body: json(healthEvent("uncond", { message: "changed" })) });
      expect(reply.status).toBe(422);
      expect(reply.json).toMatchObject({
        reason: "Invalid",
        message: 'healthevents.nvsentinel.dgxc.nvidia.com "uncond" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
        details: { name: "uncond", group: "nvsentinel.dgxc.nvidia.com", kind: "healthevents" },
      });
    });

    it("refuses label values that are not strings", async () => {
      const reply = await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("numeric", {}, { tier: 1 as unknown as string })) });
      expect(reply.status).toBe(400);
      expect(reply.json.message).toBe(
        'HealthEvent in version "v1" cannot be handled as a HealthEvent: metadata: Invalid value: map[string]interface {}{"labels":map[string]interface {}{"tier":1}, "name":"numeric", "namespace":"default"}: json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string',
      );
    });

    it("handles duplicate keys per fieldValidation and validates its value", async () => {
      const duplicated = (name: string) => json(healthEvent(name)).replace('"nodeName":"node-1"', '"nodeName":"node-0","nodeName":"node-1"');
      const strict = await raw(server, { method: "POST", path: `${HE_PATH}?fieldValidation=Strict`, body: duplicated("dup-strict") });
      expect(strict.status).toBe(400);
      expect(strict.json.message).toBe('HealthEvent in version "v1" cannot be handled as a HealthEvent: strict decoding error: duplicate field "spec.nodeName"');
      const warn = await raw(server, { method: "POST", path: HE_PATH, body: duplicated("dup-warn") });
      expect(warn.status).toBe(201);
      expect(warn.headers.warning).toBe('299 - "duplicate field \\"spec.nodeName\\""');
      expect(warn.json.spec.nodeName).toBe("node-1");
      const ignore = await raw(server, { method: "POST", path: `${HE_PATH}?fieldValidation=Ignore`, body: duplicated("dup-ignore") });
      expect(ignore.status).toBe(201);
      expect(ignore.headers.warning).toBeUndefined();
      const bogus = await raw(server, { method: "POST", path: `${HE_PATH}?fieldValidation=Bogus`, body: json(healthEvent("bogus")) });
      expect(bogus.status).toBe(422);
      expect(bogus.json.message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Bogus": supported values: "", "Ignore", "Strict", "Warn"');
      const bogusPatch = await raw(server, { method: "PATCH", path: `${HE_PATH}/dup-warn?fieldValidation=strict`, body: "{}", headers: { "Content-Type": "application/merge-patch+json" } });
      expect(bogusPatch.json.message).toMatch(/^PatchOptions\.meta\.k8s\.io "" is invalid: fieldValidation: Unsupported value: "strict"/);
    });

    it("validates resourceVersion, resourceVersionMatch and continue with the API server's messages", async () => {
      for (const rv of ["1e3", "0x10", "-1", " 5"]) {
        const reply = await raw(server, { path: `${HE_PATH}?watch=1&resourceVersion=${encodeURIComponent(rv)}` });
        expect(reply.status).toBe(400);
        expect(reply.json.message).toBe(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
      }
      const current = Number((await raw(server, { path: HE_PATH })).json.metadata.resourceVersion);
      const future = current + 1000;
      const watch = await raw(server, { path: `${HE_PATH}?watch=1&resourceVersion=${future}` });
      expect(watch.status).toBe(200);
      const event = JSON.parse(watch.text.trim());
      expect(event.type).toBe("ERROR");
      expect(event.object).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: `Timeout: Too large resource version: ${future}, current: ${current}`,
        reason: "Timeout",
        details: { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 },
        code: 504,
      });
      const list = await raw(server, { path: `${HE_PATH}?resourceVersion=${future}&resourceVersionMatch=NotOlderThan` });
      expect(list.status).toBe(504);
      expect(list.json.message).toBe(`Timeout: Too large resource version: ${future}, current: ${current}`);
      // Exact: the list as it was at that resourceVersion.
      const created = await raw(server, { method: "POST", path: HE_PATH, body: json(healthEvent("exact-later")) });
      const before = await raw(server, { path: `${HE_PATH}?resourceVersion=${current}&resourceVersionMatch=Exact` });
      expect(before.json.metadata.resourceVersion).toBe(String(current));
      expect(before.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).not.toContain("exact-later");
      expect(Number(created.json.metadata.resourceVersion)).toBeGreaterThan(current);
      const noRv = await raw(server, { path: `${HE_PATH}?resourceVersionMatch=Exact` });
      expect(noRv.status).toBe(422);
      expect(noRv.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
      const badMatch = await raw(server, { path: `${HE_PATH}?resourceVersion=1&resourceVersionMatch=Newest` });
      expect(badMatch.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""');
      const exactZero = await raw(server, { path: `${HE_PATH}?resourceVersion=0&resourceVersionMatch=Exact` });
      expect(exactZero.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
      const forged = Buffer.from(json({ v: "meta.k8s.io/v1", rv: future, start: "default/a" })).toString("base64url");
      const forgedReply = await raw(server, { path: `${HE_PATH}?limit=1&continue=${forged}` });
      expect(forgedReply.status).toBe(504);
      const zero = Buffer.from(json({ v: "meta.k8s.io/v1", rv: 0, start: "default/a" })).toString("base64url");
      expect((await raw(server, { path: `${HE_PATH}?limit=1&continue=${zero}` })).json.message).toBe(
        "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
      );
      const page = (await raw(server, { path: `${HE_PATH}?limit=1` })).json;
      const withRv = await raw(server, { path: `${HE_PATH}?limit=1&continue=${page.metadata.continue}&resourceVersion=${current}` });
      expect(withRv.json.message).toBe("specifying resource version is not allowed when using continue");
    });

    it("serves HTTP/1.0 clients without chunked encoding", async () => {
      const list = await raw(server, { path: HE_PATH, http10: true });
      expect(list.status).toBe(200);
      expect(list.headers["transfer-encoding"]).toBeUndefined();
      expect(Number(list.headers["content-length"])).toBe(Buffer.byteLength(list.text));
      const watch = await raw(server, { path: `${HE_PATH}?watch=1&timeoutSeconds=1`, http10: true });
      expect(watch.status).toBe(200);
      expect(watch.headers["transfer-encoding"]).toBeUndefined();
      const events = watch.text.trim().split("\n").map((line) => JSON.parse(line));
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.type === "ADDED")).toBe(true);
    });
  });
});

describe.skipIf(!BUILT || !HAVE_OPENSSL)("crd-ts serve --tls --token-file (separate process)", () => {
  it("serves https with the kubeconfig's CA and the token from the file; kubectl verifies it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-tls-"));
    const tokenFile = join(dir, "token");
    writeFileSync(tokenFile, "my-team-token\n");
    const server = await startServerProcess(["--tls", "--token-file", tokenFile, "--crd", CRD_DIR]);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.token).toBe("my-team-token");
      expect(server.ca).toContain("BEGIN CERTIFICATE");
      expect((await raw(server, { path: HE_PATH })).status).toBe(200);
      expect((await raw(server, { path: HE_PATH, auth: false })).status).toBe(401);
      const { stdout } = await promisify(execFile)("/usr/bin/kubectl", ["--kubeconfig", server.kubeconfigPath, "get", "--raw", "/version"], {
        env: { PATH: process.env.PATH ?? "", HOME: dir },
      });
      expect(JSON.parse(stdout).minor).toBe("32");
    } finally {
      await server.stop();
    }
  });
});
