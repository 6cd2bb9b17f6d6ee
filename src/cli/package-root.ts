// The installed package's own folders, found from this file: the nearest folder above it with our
// package.json (dist/src/cli/ in the package, src/cli/ when run from the sources).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "protoc-gen-crd-ts") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("protoc-gen-crd-ts: cannot find the package's package.json");
    dir = parent;
  }
}

/** The package root: the folder with package.json, bin/, dist/ and proto/. */
export const PACKAGE_ROOT = packageRoot();

/** The include folder for `crd/v1/options.proto` (`protoc -I`). */
export const PROTO_INCLUDE = join(PACKAGE_ROOT, "proto");
