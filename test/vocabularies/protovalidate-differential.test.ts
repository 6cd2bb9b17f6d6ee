// Differential test of the protovalidate translation: for every rule the generator translated (to an
// OpenAPI keyword or CEL), documents that break it are rejected — and documents that keep it accepted —
// by the generated validator, by src/crd-eval (the apiserver's pipeline), and by protovalidate itself
// (@bufbuild/protovalidate on the same values as a protobuf message), which shows the translation keeps
// protovalidate's meaning. The input is the golden fixture vocabulary-protovalidate.
import { join } from "node:path";
import { create, createFileRegistry, fromJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createValidator } from "@bufbuild/protovalidate";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCrd, type CompiledVersion } from "../../src/crd-eval/index.js";
import { printModule } from "../../src/emit/shared/printer.js";
import { moduleBase } from "../../src/emit/shared/typescript-input.js";
import { validatorsFile } from "../../src/emit/validate/validators-file.js";
import { compileRequest, protoSources, ROOT } from "../harness/compile.js";
import { buildTypeScript } from "../emit/types/ts-harness.js";
import { loadValidatorModule, type Validate } from "../validate/support/load-module.js";
import { referencePaths } from "../validate/support/resources.js";

const INPUT = join(ROOT, "test/fixtures/golden/vocabulary-protovalidate/input");

/** A spec that keeps every rule of pv.v1.ShapeSpec. */
const VALID: Record<string, JsonValue> = {
  name: "abcd",
  code: "wxyz",
  label: "lb-mid-x",
  color: "RED",
  tags: ["ab"],
  limits: { ab: 1 },
  owner: "me",
  primary: { name: "p" },
  priority: 1,
  radius: 1,
  depth: 1,
};

/** Field → values that break its rule and values that keep it (absent means "leave the field out"). */
const CASES: Record<string, { bad: (JsonValue | typeof ABSENT)[]; good: JsonValue[] }> = {};
const ABSENT = Symbol("absent");
const add = (field: string, bad: (JsonValue | typeof ABSENT)[], good: JsonValue[]) => (CASES[field] = { bad, good });
// strings
add("name", ["ab", "x".repeat(21), "", ABSENT], ["abc", "x".repeat(20), "ééé"]);
add("code", ["abc", "abcde", ABSENT], ["abcd", "日本語日"]);
add("label", ["mid-x", "lb-mid", "lb--x", "lb-mid-bad-x", ABSENT], ["lb-mid-x", "lb-xmidx-x"]);
add("kind", ["c", ""], ["a", "b"]);
add("other", ["x", "y"], ["z", ""]);
add("fixed", ["fix", ""], ["fixed"]);
add("pat", ["ABC", "a1", ""], ["abc"]);
add("sized", ["a", "ééééé"], ["ab", "éé", "éééé"]);
add("exactBytes", ["ab", "abcd"], ["abc", "éa"]);
add("email", ["", "a@", "@b.c", "a b@c.d", "a@-b.c"], ["a@b.c", "x.y+z@example.com"]);
add("host", ["", "-a.com", "a..b", "a.123", "a".repeat(64), `${"a.".repeat(127)}ab`], ["a.com", "a-b.c", "x1", "example.com.", "a.1b"]);
add("uid", ["", "1234", "123e4567-e89b-12d3-a456-42661417400"], ["123e4567-e89b-12d3-a456-426614174000"]);
add("tid", ["", "123e4567-e89b-12d3-a456-426614174000"], ["123e4567e89b12d3a456426614174000"]);
add("ulid", ["", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01ARZ3NDEKTSV4RRFFQ69G5FAI"], ["01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
add("fqn", ["", "a..b", "1a", ".a"], ["a.b_c", "A"]);
add("header", ["", "a b", "a:b"], [":authority", "x-foo"]);
add("headerValue", ["a\nb", "a\rb", "a\u0000b"], ["", "a b\tc", "é"]);
// bytes (base64)
add("blob", ["YQ==", "YWJjZGVmZw=="], ["YWI=", "YWJjZGVm"]);
add("digest", ["YWJj", "YWJjZGU="], ["YWJjZA=="]);
// numbers
add("count", [0, 10, -1], [1, 9]);
add("port", [0, 65536], [1, 65535]);
add("outside", [5, 7, 10], [4, 11, -3]);
add("choice", [0, 4], [1, 3]);
add("avoid", [4, 5], [0, 6]);
add("exact", [6, 0], [7]);
add("ratio", [-0.1, 1.5], [0, 0.5, 1]);
add("weight", [0.5, 0.25], [0.75, 3]);
add("enabled", [false], [true]);
// enums
add("color", ["COLOR_UNSPECIFIED", "PURPLE", ABSENT], ["RED", "BLUE"]);
add("accent", ["BLUE", "COLOR_UNSPECIFIED"], ["RED", "GREEN"]);
add("solid", ["RED"], ["BLUE"]);
// lists and maps
add("tags", [[], ["a"], ["ab", "ab"], ["ab", "cd", "ef", "gh", "ij", "kl"], ABSENT], [["ab"], ["ab", "cd"]]);
add("items", [[{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }], [{ name: "" }]], [[], [{ name: "a" }]]);
add("limits", [{}, { ab: -1 }, { a: 1, b: 2, c: 3, d: 4, e: 5 }, ABSENT], [{ ab: 0 }, { ab: 1, cd: 2, ef: 3, gh: 4 }]);
// required
add("owner", ["", ABSENT], ["x"]);
add("primary", [ABSENT, { name: "" }, { name: "reserved" }], [{ name: "x" }]);
add("priority", [0, ABSENT], [-1, 2]);
// cel
add("even", [1, 3], [0, 2, -4]);
add("shout", ["x".repeat(11)], ["", "x".repeat(10)]);
add("timeoutS", [61, 7], [60, 0]);
// rules that skip the zero value; with presence (optional) only absence is skipped
add("blankOrLong", ["abcd", "a", ""], ["abcde"]);
add("blankOrCode", ["XYZ", "ABD", "abc"], ["", "ABC"]);
add("zeroOrBig", [1, 99, -5], [0, 100]);

/** Whole-document variants for the message rules and oneofs. */
const MESSAGE_CASES: { what: string; spec: Record<string, JsonValue>; valid: boolean }[] = [
  { what: "name equal to label", spec: { ...VALID, name: "lb-mid-x", label: "lb-mid-x" }, valid: false },
  { what: "width and height", spec: { ...VALID, width: 1, height: 2 }, valid: false },
  { what: "only width", spec: { ...VALID, width: 1 }, valid: true },
  { what: "neither depth nor note", spec: without(VALID, "depth"), valid: false },
  { what: "depth zero counts as unset", spec: { ...VALID, depth: 0 }, valid: false },
  { what: "depth and note", spec: { ...VALID, note: "n" }, valid: false },
  { what: "note instead of depth", spec: { ...without(VALID, "depth"), note: "n" }, valid: true },
  { what: "note empty and depth", spec: { ...VALID, note: "" }, valid: true },
  { what: "no outline member", spec: without(VALID, "radius"), valid: false },
  { what: "two outline members", spec: { ...VALID, side: 2 }, valid: false },
  { what: "side instead of radius", spec: { ...without(VALID, "radius"), side: 2 }, valid: true },
];

function without(spec: Record<string, JsonValue>, field: string): Record<string, JsonValue> {
  const copy = { ...spec };
  delete copy[field];
  return copy;
}

let validate: Validate;
let reference: CompiledVersion;
let specDesc: DescMessage;
const protovalidate = createValidator();

beforeAll(async () => {
  const sources = protoSources(INPUT);
  const { inputs } = buildTypeScript(sources);
  const input = inputs[0];
  const module = await loadValidatorModule(printModule(validatorsFile(input)!, "js"));
  validate = (module.resourceValidators as { validate: Validate }[])[0].validate;
  reference = compileCrd(input.resources[0].model.crd).version("v1")!;
  const request = compileRequest(sources);
  specDesc = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile })).getMessage("pv.v1.ShapeSpec")!;
}, 120_000);

interface Verdicts {
  generated: string[];
  crdEval: string[];
  protovalidate: string[];
}

function judge(spec: Record<string, JsonValue>): Verdicts {
  const doc = { apiVersion: "example.com/v1", kind: "Shape", metadata: { name: "s", namespace: "default" }, spec };
  return {
    generated: validate(doc).map((v) => `${v.path}: ${v.message}`),
    crdEval: referencePaths(reference, doc),
    protovalidate: protovalidateVerdict(spec),
  };
}

/** protovalidate's violations; a value protojson cannot read (an unknown enum name, two oneof members) counts as one. */
function protovalidateVerdict(spec: Record<string, JsonValue>): string[] {
  let message;
  try {
    message = fromJson(specDesc, spec);
  } catch (e) {
    return [`protojson: ${(e as Error).message}`];
  }
  const result = protovalidate.validate(specDesc, message);
  return result.kind === "valid" ? [] : result.kind === "invalid" ? result.violations.map((v) => v.toString()) : [`error: ${result.error.message}`];
}

function variant(field: string, value: JsonValue | typeof ABSENT): Record<string, JsonValue> {
  return value === ABSENT ? without(VALID, field) : { ...VALID, [field]: value };
}

it("the base document keeps every rule in all three validators", () => {
  expect(judge(VALID)).toEqual({ generated: [], crdEval: [], protovalidate: [] });
});

describe.each(Object.keys(CASES))("%s", (field) => {
  it("rejects each breaking value in all three validators", () => {
    for (const value of CASES[field].bad) {
      const v = judge(variant(field, value));
      const label = value === ABSENT ? "(absent)" : JSON.stringify(value);
      expect({ value: label, protovalidate: v.protovalidate.length > 0 }).toEqual({ value: label, protovalidate: true });
      expect({ value: label, generated: v.generated.length > 0, crdEval: v.crdEval.length > 0 }).toEqual({ value: label, generated: true, crdEval: true });
    }
  });
  it("accepts each keeping value in all three validators", () => {
    for (const value of CASES[field].good) {
      expect({ value, ...judge(variant(field, value)) }).toEqual({ value, generated: [], crdEval: [], protovalidate: [] });
    }
  });
});

it.each(MESSAGE_CASES.map((c) => [c.what, c] as const))("message rules: %s", (_what, c) => {
  const v = judge(c.spec);
  expect({ protovalidate: v.protovalidate.length === 0, generated: v.generated.length === 0, crdEval: v.crdEval.length === 0 }).toEqual({
    protovalidate: c.valid,
    generated: c.valid,
    crdEval: c.valid,
  });
});
