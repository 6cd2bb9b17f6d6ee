import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, parseParameters } from "../../src/plugin/parameters.js";

describe("plugin parameters", () => {
  it("defaults when empty", () => {
    expect(parseParameters("")).toEqual(DEFAULT_OPTIONS);
  });

  it("parses every key", () => {
    expect(
      parseParameters(
        "field_names=proto,int64=string,enums=names_and_numbers,enum_unspecified=exclude,oneof=openapi,recursion=error,recursion_depth=5,descriptions=first_sentence,max_desc_len=80,emit=crd,crd_dir=charts/x/crds,ts_dir=src/gen,target=ts+dts,import_extension=js,keep_empty_files=true",
      ),
    ).toEqual({
      fieldNames: "proto",
      int64: "string",
      enums: "names_and_numbers",
      enumUnspecified: "exclude",
      oneof: "openapi",
      recursion: "error",
      recursionDepth: 5,
      descriptions: "first_sentence",
      maxDescLen: 80,
      emit: ["crd"],
      crdDir: "charts/x/crds",
      tsDir: "src/gen",
      targets: ["ts", "dts"],
      importExtension: "js",
      conversionPath: "/convert",
      conversionPort: 443,
      conversionMoves: [],
    });
  });

  it.each([
    ["colour=blue", 'unknown plugin option "colour"'],
    ["int64=bigint", 'invalid value "bigint" for plugin option "int64": expected one of int_or_string, integer, string'],
    ["enums=numbers", 'invalid value "numbers" for plugin option "enums": expected one of names, names_and_numbers'],
    ["oneof=maybe", 'invalid value "maybe" for plugin option "oneof"'],
    ["recursion_depth=0", 'invalid value "0" for plugin option "recursion_depth": expected a whole number from 1 to 16'],
    ["recursion_depth=two", 'invalid value "two" for plugin option "recursion_depth"'],
    ["max_desc_len=-1", 'invalid value "-1" for plugin option "max_desc_len"'],
    ["descriptions=short", 'invalid value "short" for plugin option "descriptions"'],
    ["field_names=camel", 'invalid value "camel" for plugin option "field_names"'],
    ["crd_dir=../out", 'invalid value "../out" for plugin option "crd_dir"'],
    ["crd_dir=/abs", 'invalid value "/abs" for plugin option "crd_dir"'],
    ["target=go", 'invalid value "go" for plugin option "target"'],
    ["emit=go", 'invalid value "go" for plugin option "emit": expected one of crd, ts'],
    ["ts_dir=../x", 'invalid value "../x" for plugin option "ts_dir"'],
    ["enum_unspecified=drop", 'invalid value "drop" for plugin option "enum_unspecified"'],
  ])("rejects %s", (parameter, message) => {
    expect(() => parseParameters(parameter)).toThrow(message);
  });
});
