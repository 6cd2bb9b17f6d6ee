// google.api.field_behavior in behaviour: REQUIRED and IMMUTABLE are enforced alike by the generated
// validator and by src/crd-eval (the apiserver's pipeline), on create and on update.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { compileCrd, type CompiledVersion } from "../../src/crd-eval/index.js";
import { printModule } from "../../src/emit/shared/printer.js";
import { moduleBase } from "../../src/emit/shared/typescript-input.js";
import { validatorsFile } from "../../src/emit/validate/validators-file.js";
import { protoSources, ROOT } from "../harness/compile.js";
import { buildTypeScript } from "../emit/types/ts-harness.js";
import { loadValidatorModule, type Validate } from "../validate/support/load-module.js";
import { referencePaths, violationPaths } from "../validate/support/resources.js";

let validate: Validate;
let reference: CompiledVersion;

beforeAll(async () => {
  const { inputs } = buildTypeScript(protoSources(join(ROOT, "test/fixtures/golden/vocabulary-field-behavior/input")));
  const input = inputs[0];
  const module = await loadValidatorModule(printModule(validatorsFile(input)!, "js"));
  validate = (module.resourceValidators as { validate: Validate }[])[0].validate;
  reference = compileCrd(input.resources[0].model.crd).version("v1")!;
}, 120_000);

const gadget = (spec: Record<string, unknown>) => ({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g", namespace: "default" }, spec });
const both = (doc: unknown, oldObject?: unknown) => ({
  generated: violationPaths(validate(doc, oldObject === undefined ? undefined : { oldObject })),
  crdEval: referencePaths(reference, doc, oldObject),
});

it("REQUIRED fields must be present", () => {
  expect(both(gadget({ host: "h", region: "r" }))).toEqual({ generated: [], crdEval: [] });
  // "" is the apiserver's "some validation rules were not checked because the object was invalid".
  expect(both(gadget({ region: "r" }))).toEqual({ generated: ["", "spec.host"], crdEval: ["", "spec.host"] });
});

it("IMMUTABLE fields keep their value on update", () => {
  const old = gadget({ host: "h", region: "r", placement: { zone: "a" }, ports: [{ number: 1 }] });
  expect(both(gadget({ host: "h2", region: "r", placement: { zone: "a" }, ports: [{ number: 2 }] }), old)).toEqual({ generated: [], crdEval: [] });
  expect(both(gadget({ host: "h", region: "r2", placement: { zone: "b" } }), old)).toEqual({
    generated: ["spec.placement", "spec.region"],
    crdEval: ["spec.placement", "spec.region"],
  });
});
