// The generated declarations (`<file>_crd.d.ts`, target=dts) against the CRD written in the same run,
// walked with ts-morph's type checker: every property of every CRD schema has a member on the matching
// type, optional exactly when the schema does not require it, nullable types admit null, and a string
// enum is the same set of literals as a union. A type that accepts something else than the CRD fails.
import { join } from "node:path";
import { Project, type Node, type Type } from "ts-morph";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runPlugin } from "../../../src/plugin/run.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "../../../src/schema/kubernetes.js";
import { compileRequest, protoSources, ROOT } from "../../harness/compile.js";

const GOLDEN = join(ROOT, "test/fixtures/golden");
const CASES: { name: string; sources: () => Record<string, string>; parameter: string }[] = [
  {
    name: "health",
    sources: () => Object.fromEntries(Object.entries(protoSources(join(ROOT, "proto"))).filter(([n]) => n.startsWith("nvsentinel/"))),
    parameter: "",
  },
  ...["enums-names", "nested-and-optional", "well-known-types"].map((fixture) => ({
    name: fixture,
    sources: () => protoSources(join(GOLDEN, fixture, "input")),
    parameter: "",
  })),
];

interface Mismatch {
  path: string;
  problem: string;
}

/** Compares a schema node with the type the declarations give it; returns what differs. */
function compare(schema: JSONSchemaProps, type: Type, at: Node, path: string, out: Mismatch[], depth = 0, ignored: readonly string[] = []): void {
  if (depth > 12) return;
  const nonNull = type.getNonNullableType();
  const admitsNull = type.isAny() || type.isUnknown() || (type.isUnion() ? type.getUnionTypes() : [type]).some((t) => t.isNull());
  if (schema.nullable === true && !admitsNull) out.push({ path, problem: "nullable in the CRD, but the type does not admit null" });
  const strings = (schema.enum ?? []).filter((v): v is string => typeof v === "string");
  if (strings.length > 0 && strings.length === (schema.enum ?? []).length) {
    const literals = (nonNull.isUnion() ? nonNull.getUnionTypes() : [nonNull]).map((t) => t.getLiteralValue());
    if (JSON.stringify([...literals].sort()) !== JSON.stringify([...strings].sort())) out.push({ path, problem: `enum ${JSON.stringify(strings)} but type ${nonNull.getText()}` });
  }
  if (schema.type === "array" && schema.items && nonNull.isArray()) compare(schema.items, nonNull.getArrayElementTypeOrThrow(), at, `${path}[]`, out, depth + 1);
  if (schema.type === "object" && schema.properties && !schema["x-kubernetes-preserve-unknown-fields"]) {
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties)) {
      const member = nonNull.getProperty(name);
      if (member === undefined) {
        out.push({ path: `${path}.${name}`, problem: "in the CRD, but no member on the type" });
        continue;
      }
      if (member.isOptional() === required.has(name)) out.push({ path: `${path}.${name}`, problem: required.has(name) ? "required, but optional" : "optional, but required" });
      compare(property, member.getTypeAtLocation(at), at, `${path}.${name}`, out, depth + 1);
    }
    for (const member of nonNull.getProperties()) {
      if (!(member.getName() in schema.properties) && !ignored.includes(member.getName())) out.push({ path: `${path}.${member.getName()}`, problem: "on the type, but not in the CRD" });
    }
  }
}

describe.each(CASES)("$name", ({ sources, parameter }) => {
  it("every CRD property has a member of the same optionality, nullability and literal union", async () => {
    const { response } = await runPlugin(compileRequest(sources(), [parameter, "target=dts", "import_extension=js"].filter((p) => p !== "").join(",")));
    expect(response.error ?? "").toBe("");
    const crds = response.file.filter((f) => f.name.endsWith(".yaml")).map((f) => parse(f.content ?? "") as CustomResourceDefinition);
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
    for (const f of response.file) if (f.name.endsWith(".d.ts")) project.createSourceFile(`/${f.name}`, f.content ?? "");
    let checked = 0;
    for (const crd of crds) {
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) continue;
        // The CR object type: the interface whose apiVersion is typeof <Kind>ApiVersion for this group/version.
        const apiVersion = `${crd.spec.group}/${version.name}`;
        const candidates = project
          .getSourceFiles()
          .flatMap((sf) => sf.getInterfaces())
          .filter((i) => i.getName() === crd.spec.names.kind || i.getName().startsWith(crd.spec.names.kind))
          .filter((i) => i.getType().getProperty("apiVersion")?.getTypeAtLocation(i).getLiteralValue() === apiVersion)
          .filter((i) => i.getType().getProperty("kind")?.getTypeAtLocation(i).getLiteralValue() === crd.spec.names.kind);
        expect(candidates.length, `${apiVersion} ${crd.spec.names.kind}`).toBe(1);
        const object = candidates[0];
        const mismatches: Mismatch[] = [];
        const { apiVersion: _a, kind: _k, metadata: _m, ...properties } = schema.properties ?? {};
        // apiVersion, kind and metadata are Kubernetes' (checked above and typed by the runtime).
        const typeMeta = ["apiVersion", "kind", "metadata"];
        const root = { ...schema, properties, required: (schema.required ?? []).filter((r) => !typeMeta.includes(r)) };
        compare(root, object.getType(), object, crd.spec.names.kind, mismatches, 0, typeMeta);
        expect(mismatches).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 60_000);
});

it("reports what differs (the comparison itself)", () => {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const sf = project.createSourceFile(
    "/t.d.ts",
    `export interface T { a: string; b?: "X" | "Y"; c?: { d: number }; extra?: string; n?: string }`,
  );
  const schema: JSONSchemaProps = {
    type: "object",
    required: ["b"],
    properties: {
      a: { type: "string" },
      b: { type: "string", enum: ["X", "Z"] },
      c: { type: "object", properties: { d: { type: "integer" }, e: { type: "string" } } },
      n: { type: "string", nullable: true },
    },
  };
  const out: Mismatch[] = [];
  const object = sf.getInterfaceOrThrow("T");
  compare(schema, object.getType(), object, "T", out);
  expect(out.map((m) => `${m.path}: ${m.problem}`)).toEqual([
    "T.a: optional, but required",
    "T.b: required, but optional",
    'T.b: enum ["X","Z"] but type "X" | "Y"',
    "T.c.d: optional, but required",
    "T.c.e: in the CRD, but no member on the type",
    "T.n: nullable in the CRD, but the type does not admit null",
    "T.extra: on the type, but not in the CRD",
  ]);
});
