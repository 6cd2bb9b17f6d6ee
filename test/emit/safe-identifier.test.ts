import { safeIdentifier as protopluginSafeIdentifier } from "@bufbuild/protoplugin";
import { describe, expect, it } from "vitest";
import { RESERVED_IDENTIFIERS, safeIdentifier } from "../../src/emit/shared/safe-identifier.js";

describe("safeIdentifier", () => {
  it("escapes exactly what @bufbuild/protoplugin escapes", () => {
    for (const name of RESERVED_IDENTIFIERS) expect(safeIdentifier(name)).toBe(protopluginSafeIdentifier(name));
    for (const name of ["Foo", "name", "Object$", "undefined", "async", "await", "Array", "Map"]) {
      expect(safeIdentifier(name), name).toBe(protopluginSafeIdentifier(name));
    }
  });

  it("appends $ to a reserved word", () => {
    expect(safeIdentifier("class")).toBe("class$");
    expect(safeIdentifier("Widget")).toBe("Widget");
  });
});
