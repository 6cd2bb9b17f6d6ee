// --tls: a self-signed certificate for the listen address and localhost, made by the openssl
// command (node:crypto can make keys but not X.509 certificates). The certificate is its own CA:
// the kubeconfig carries it as certificate-authority-data.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Certificate {
  /** PEM certificate (also the CA clients trust). */
  cert: string;
  /** PEM private key. */
  key: string;
}

/** subjectAltName entries: localhost, the loopback addresses and the listen host. */
export function subjectAltNames(listenHost: string): string[] {
  const names = new Set(["DNS:localhost", "IP:127.0.0.1", "IP:::1"]);
  if (listenHost !== "0.0.0.0" && listenHost !== "::" && listenHost !== "") {
    names.add(isIP(listenHost) ? `IP:${listenHost}` : `DNS:${listenHost}`);
  }
  return [...names];
}

export function selfSignedCertificate(listenHost: string): Certificate {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    try {
      execFileSync(
        "openssl",
        [
          "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", keyPath, "-out", certPath, "-days", "365", "-subj", "/CN=crd-ts serve",
          "-addext", `subjectAltName=${subjectAltNames(listenHost).join(",")}`,
          "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
          "-addext", "extendedKeyUsage=serverAuth",
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`--tls needs the openssl command to make a self-signed certificate: ${stderr || (error as Error).message}`);
    }
    return { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
