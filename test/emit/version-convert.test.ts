// The conversion part of the generator: spec.conversion (None for identical schemas, Webhook from the
// plugin options), field matching by proto name and number, json_name renames, conversion_move, and
// the conversion runtime on moves inside lists.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convertObject } from "../../src/version-conversion/index.js";
import { parseParameters } from "../../src/plugin/parameters.js";
import { runPlugin } from "../../src/plugin/run.js";
import { formatDiagnostic } from "../../src/schema/diagnostics.js";
import { compileRequest } from "../harness/compile.js";

const widget = (version: string, storage: boolean, fields: string, comment = "") => `syntax = "proto3";
package test.${version};
import "crd/v1/options.proto";
message Spec {
${fields}
}
// A widget${comment}.
message Widget {
  option (crd.v1.resource) = {group: "example.com", storage: ${storage}};
  Spec spec = 1;
}
`;

async function generate(v1Fields: string, betaFields: string, parameter: string, betaComment = "") {
  const request = compileRequest(
    { "test/v1/widget.proto": widget("v1", true, v1Fields), "test/v1beta1/widget.proto": widget("v1beta1", false, betaFields, betaComment) },
    parameter,
  );
  const { response, diagnostics } = await runPlugin(request);
  const files = new Map(response.file.map((f) => [f.name, f.content]));
  const crdText = files.get("crds/example.com_widgets.yaml");
  return { files, crd: crdText ? parse(crdText.replace(/^#.*\n/, "")) : undefined, diagnostics: diagnostics.map(formatDiagnostic), rules: diagnostics.map((d) => d.rule), error: response.error ?? "" };
}

describe("spec.conversion", () => {
  it("is None when the versions differ only in descriptions, and no converter is generated", async () => {
    const r = await generate("  string name = 1;", "  // The name.\n  string name = 1;", "emit=crd+ts,conversion_service=ns/hook", " (beta)");
    expect(r.crd.spec.conversion).toEqual({ strategy: "None" });
    expect(r.diagnostics).toEqual([]);
    expect([...r.files.keys()].filter((f) => f.includes("conversion"))).toEqual([]);
  });

  it("is a Webhook from the plugin options when the schemas differ, with the cert-manager annotation", async () => {
    const r = await generate("  string name = 1;\n  int32 size = 2;", "  string name = 1;", "emit=crd,conversion_service=ns/hook,conversion_port=9443,conversion_path=/c,cert_manager_ca=ns/cert");
    expect(r.crd.spec.conversion).toEqual({
      strategy: "Webhook",
      webhook: { conversionReviewVersions: ["v1"], clientConfig: { service: { namespace: "ns", name: "hook", path: "/c", port: 9443 } } },
    });
    expect(r.crd.metadata.annotations).toEqual({ "cert-manager.io/inject-ca-from": "ns/cert" });
  });

  it("warns and uses None when the schemas differ and no webhook is configured", async () => {
    const r = await generate("  string name = 1;\n  int32 size = 2;", "  string name = 1;", "emit=crd");
    expect(r.crd.spec.conversion).toEqual({ strategy: "None" });
    expect(r.diagnostics).toEqual([
      "test/v1/widget.proto:10:10: warning [resource/conversion-none] the versions of widgets.example.com have different schemas but no conversion webhook is configured (plugin option conversion_service=<namespace>/<name>); with strategy None the API server only rewrites apiVersion",
    ]);
  });

  it("rejects malformed conversion options", () => {
    expect(() => parseParameters("conversion_service=hook")).toThrow('[parameter/invalid-value] invalid value "hook" for plugin option "conversion_service": expected <namespace>/<name> (DNS labels)');
    expect(() => parseParameters("conversion_port=0")).toThrow("expected a whole number from 1 to 65535");
    expect(() => parseParameters("conversion_path=convert")).toThrow("expected a URL path starting with /");
    expect(() => parseParameters("conversion_move=widgets.example.com/v1beta1:spec.a=.spec.b")).toThrow("expected <crd name>/<version>:<.path.in.version>=<.path.in.storage.version>");
    expect(parseParameters("conversion_move=widgets.example.com/v1beta1:.spec.items.*.a=.spec.b").conversionMoves).toEqual([
      { crd: "widgets.example.com", version: "v1beta1", spoke: ["spec", "items", "*", "a"], hub: ["spec", "b"] },
    ]);
  });
});

describe("generated conversion plans", () => {
  const ts = "emit=crd+ts,target=ts,conversion_service=ns/hook";

  it("matches fields by proto number; renames and json_name become moves", async () => {
    const r = await generate(
      '  string name = 1 [json_name = "displayName"];\n  int32 size = 2;\n  string colour = 3;',
      "  string name = 1;\n  int32 size = 2;\n  string color = 3;\n  int32 legacy = 4;",
      ts,
    );
    expect(r.error).toBe("");
    const module = r.files.get("test/v1/widget_crd_conversion.ts")!;
    expect(module).toContain(`export const widgetConversion: ConversionPlan = {
  group: "example.com",
  kind: "Widget",
  hub: "v1",
  spokes: {
    "v1beta1": {
      hubOnly: [],
      spokeOnly: [["spec", "legacy"]],
      moves: [{ spoke: ["spec","name"], hub: ["spec","displayName"] }, { spoke: ["spec","color"], hub: ["spec","colour"] }],
      values: [],
    },
  },
};`);
    expect(module).toContain('import type { Widget as WidgetV1beta1 } from "../v1beta1/widget_crd";');
    expect(module).toContain('export function convertWidget(object: unknown, toVersion: "v1beta1"): WidgetV1beta1;');
  });

  it("takes renames from conversion_move, and rejects a move of a field both versions have", async () => {
    const fields = ["  string colour = 3;", "  string color = 4;"] as const;
    const r = await generate(fields[0], fields[1], `${ts},conversion_move=widgets.example.com/v1beta1:.spec.color=.spec.colour`);
    expect(r.files.get("test/v1/widget_crd_conversion.ts")).toContain(`      hubOnly: [],
      spokeOnly: [],
      moves: [{ spoke: ["spec","color"], hub: ["spec","colour"] }],
      values: [],`);
    const bad = await generate(`${fields[0]}\n  string name = 1;`, `${fields[1]}\n  string name = 1;`, `${ts},conversion_move=widgets.example.com/v1beta1:.spec.name=.spec.colour`);
    expect(bad.error).toContain("[option/conversion-move] conversion_move widgets.example.com/v1beta1:.spec.name=.spec.colour: .spec.name is not a field only v1beta1 has");
    expect(bad.files.size).toBe(0);
    expect(bad.rules.filter((rule) => rule === "option/conversion-move")).toHaveLength(1);
    const moved = await generate("  int64 count = 6;", "  int32 size = 5;", `${ts},int64=string,conversion_move=widgets.example.com/v1beta1:.spec.size=.spec.count`);
    expect(moved.files.get("test/v1/widget_crd_conversion.ts")).toContain(`      moves: [{ spoke: ["spec","size"], hub: ["spec","count"] }],
      values: [
        { spoke: ["spec","size"], hub: ["spec","count"], toHub: {"int64":"string"}, toSpoke: {"int64":"number","minimum":-2147483648,"maximum":2147483647} },
      ],`);
    const types = await generate("  int32 colour = 3;", "  repeated string color = 4;", `${ts},conversion_move=widgets.example.com/v1beta1:.spec.color=.spec.colour`);
    expect(types.error).toContain("[option/conversion-move] conversion_move widgets.example.com/v1beta1:.spec.color=.spec.colour: the fields hold different kinds of values (a list in v1beta1, an integer in v1)");
    expect(types.files.size).toBe(0);
  });
});

describe("conversion runtime", () => {
  const plan = {
    group: "example.com", kind: "Widget", hub: "v2",
    spokes: { v1: { hubOnly: [["spec", "ports", "*", "protocol"]], spokeOnly: [["spec", "legacy"]], moves: [{ spoke: ["spec", "ports", "*", "num"], hub: ["spec", "ports", "*", "port"] }] } },
  };

  it("moves fields inside list items and keeps what the other side cannot hold, both ways", () => {
    const v2 = { apiVersion: "example.com/v2", kind: "Widget", metadata: { name: "w", annotations: { a: "b" } }, spec: { ports: [{ port: 80, protocol: "TCP" }, { port: 53 }] } };
    const v1 = convertObject(plan, v2, "v1");
    expect(v1).toEqual({
      apiVersion: "example.com/v1", kind: "Widget",
      metadata: { name: "w", annotations: { a: "b", "conversion.protoc-gen-crd-ts/v2": JSON.stringify({ fields: { "/spec/ports/0/protocol": "TCP" } }) } },
      spec: { ports: [{ num: 80 }, { num: 53 }] },
    });
    expect(convertObject(plan, v1, "v2")).toEqual(v2);
    const old = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { legacy: "x", ports: [{ num: 1 }] } };
    const up = convertObject(plan, old, "v2");
    expect(up.spec).toEqual({ ports: [{ port: 1 }] });
    expect(convertObject(plan, up, "v1")).toEqual(old);
  });
});
