// A self-signed serving certificate for the webhook when none is given, made with the openssl CLI
// (node:crypto makes keys but not X.509 certificates).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServingCertificate {
  cert: string;
  key: string;
  /** Where the certificate is on disk: clients trust it as their CA. */
  certFile: string;
}

export function selfSignedCertificate(hosts: readonly string[]): ServingCertificate {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-webhook-"));
  const certFile = join(dir, "tls.crt");
  const keyFile = join(dir, "tls.key");
  const names = hosts.map((h) => (/^[0-9.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(",");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "365",
    "-subj", "/CN=crd-ts-webhook", "-addext", `subjectAltName=${names}`, "-keyout", keyFile, "-out", certFile,
  ], { stdio: ["ignore", "ignore", "pipe"] });
  return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8"), certFile };
}
