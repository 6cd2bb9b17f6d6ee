// npm runs `prepare` after `npm install` here, during `npm pack` (after `prepack` has built), and when the
// package is installed from git or a folder. Those copies have sources but no dist/, so build them; a copy
// from the registry tarball has dist/ and no sources (and no TypeScript), so there is nothing to do; a
// dist/ newer than every source (just built by prepack) is left as it is.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(`${root}src/index.ts`) || !existsSync(`${root}tsconfig.build.json`)) process.exit(0);

/** The newest modification time of the files below `dir` (0 if it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return time;
}

const built = `${root}dist/src/cli/main.js`;
if (existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(`${root}src`), newest(`${root}generated/ts`), statSync(`${root}tsconfig.build.json`).mtimeMs)) {
  process.exit(0);
}

let tsc;
try {
  tsc = createRequire(`${root}package.json`).resolve("typescript/bin/tsc");
} catch {
  process.stderr.write("protoc-gen-crd-ts: prepare: typescript is not installed, dist/ not built (install with dev dependencies)\n");
  process.exit(existsSync(`${root}dist/src/cli/main.js`) ? 0 : 1);
}
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
