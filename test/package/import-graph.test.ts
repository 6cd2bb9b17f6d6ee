// What generated code imports (the root export, "./validation", "./cel") must load without the optional
// peer @kubernetes/client-node: walk the import graph of the built dist/ from those entry points.
// Runs dist/: `npm test` builds first (run `npm run -s build` before running this file alone).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
};

/** Specifiers of static imports, re-exports and dynamic imports with a literal argument. */
function importsOf(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\s])(?:import|export)\s[^;"'`]*?from\s*["']([^"']+)["']|(?:^|[;\s])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** The package name of a bare specifier: "@scope/name" or "name". */
const packageOf = (spec: string) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");

/** Every file reachable from `entry`, and every bare package those files import (self-references followed). */
function graph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) pending.push(join(dirname(file), spec));
      else if (packageOf(spec) === pkg.name) {
        const target = pkg.exports[`.${spec.slice(pkg.name.length)}`];
        if (target === undefined) throw new Error(`${relative(ROOT, file)} imports ${spec}, which package.json does not export`);
        pending.push(join(ROOT, typeof target === "string" ? target : target.default));
      } else if (!spec.startsWith("node:")) packages.set(packageOf(spec), relative(ROOT, file));
    }
  }
  return { files, packages };
}

describe("the runtime that generated code imports", () => {
  for (const entry of [".", "./validation", "./cel"]) {
    it(`"${entry}" reaches no @kubernetes/client-node and no server or store code`, () => {
      const target = pkg.exports[entry];
      expect(typeof target).toBe("object");
      const file = join(ROOT, (target as { default: string }).default);
      expect(existsSync(file), `${file} is missing: run npm run -s build`).toBe(true);
      const { files, packages } = graph(file);
      expect(files.size).toBeGreaterThan(3);
      expect([...packages.keys()].sort()).toEqual(expect.not.arrayContaining(["@kubernetes/client-node"]));
      expect([...packages.keys()].every((p) => ["@bufbuild/cel", "@bufbuild/re2", "@bufbuild/protobuf"].includes(p)), [...packages].join(", ")).toBe(true);
      expect([...files].filter((f) => /dist\/src\/(runtime|server|plugin|cli)\//.test(f))).toEqual([]);
    });
  }

  it("the store runtime does need it (the walk sees imports at all)", () => {
    const { packages } = graph(join(ROOT, "dist/src/runtime/index.js"));
    expect(packages.has("@kubernetes/client-node")).toBe(true);
  });
});

describe("package.json exports", () => {
  it.each(Object.entries(pkg.exports).filter(([, t]) => typeof t === "object"))("%s has its JS, declarations and source maps in dist/", (_name, target) => {
    const { types, default: js } = target as { types: string; default: string };
    for (const f of [js, types, `${js}.map`, `${types}.map`]) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it("@kubernetes/client-node is an optional peer, not a dependency", () => {
    const full = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(full.dependencies["@kubernetes/client-node"]).toBeUndefined();
    expect(full.peerDependenciesMeta["@kubernetes/client-node"]).toEqual({ optional: true });
  });
});

describe("engines", () => {
  it("@bufbuild/protobuf, protoplugin and protoc-gen-es are one exact version whose engines admit Node 20", () => {
    const full = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const versions = [full.devDependencies["@bufbuild/protobuf"], full.dependencies["@bufbuild/protoplugin"], full.devDependencies["@bufbuild/protoc-gen-es"]];
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of ["@bufbuild/protobuf", "@bufbuild/protoplugin", "@bufbuild/protoc-gen-es"]) {
      const installed = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"));
      expect(installed.version, name).toBe(versions[0]);
      // npm ci prints EBADENGINE for a package whose engines exclude the running Node: ">=22" would.
      expect([undefined, ">=20", ">=20.0.0"], `${name} engines`).toContain(installed.engines?.node);
    }
    expect(full.engines.node).toBe(">=20");
  });

  it("@bufbuild/protobuf is a peer: generated code and our runtime share the user's one copy", () => {
    // A dependency would nest its own copy when the user's project has another 2.x, and the generated
    // converters hand the user's descriptors to our runtime: two copies do not type-check together.
    const full = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(full.dependencies["@bufbuild/protobuf"]).toBeUndefined();
    expect(full.peerDependencies["@bufbuild/protobuf"]).toBe(`^${full.devDependencies["@bufbuild/protobuf"]}`);
    expect(full.peerDependenciesMeta?.["@bufbuild/protobuf"]?.optional).not.toBe(true);
  });
});
