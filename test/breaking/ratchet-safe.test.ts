// The ratchet-safe definition of src/breaking/cel-rules.ts, case by case.
import { describe, expect, it } from "vitest";
import { holdsWhenUnchanged, unsafeBecause, usesOldSelf } from "../../src/breaking/cel-rules.js";

describe("new CEL rules", () => {
  it("a transition rule is one that names oldSelf outside string literals", () => {
    expect(usesOldSelf("self == oldSelf")).toBe(true);
    expect(usesOldSelf("self.x != 'oldSelf'")).toBe(false);
    expect(usesOldSelf('self.x != "a \\" oldSelf"')).toBe(false);
    expect(usesOldSelf("self.oldSelf == 1")).toBe(false);
    expect(usesOldSelf("oldSelfish == 1")).toBe(false);
  });

  it("holds when unchanged only with a top-level self == oldSelf disjunct", () => {
    expect(holdsWhenUnchanged("self == oldSelf")).toBe(true);
    expect(holdsWhenUnchanged("(oldSelf == self)")).toBe(true);
    expect(holdsWhenUnchanged("self == oldSelf || self.size() > oldSelf.size()")).toBe(true);
    expect(holdsWhenUnchanged("(self.a > 1 || (self == oldSelf))")).toBe(true);
    expect(holdsWhenUnchanged("self.a == oldSelf.a")).toBe(false);
    expect(holdsWhenUnchanged("self == oldSelf && self.a > 1")).toBe(false);
    expect(holdsWhenUnchanged("(self == oldSelf || x) && y")).toBe(false);
    expect(holdsWhenUnchanged("f(self == oldSelf || x)")).toBe(false);
  });

  it("only a ratchet-safe transition rule without optionalOldSelf is not breaking", () => {
    expect(unsafeBecause({ rule: "self == oldSelf" })).toBeUndefined();
    expect(unsafeBecause({ rule: "self > 0" })).toContain("not a transition rule");
    expect(unsafeBecause({ rule: "self == oldSelf", optionalOldSelf: true })).toContain("optionalOldSelf");
    expect(unsafeBecause({ rule: "self >= oldSelf" })).toContain("not ratchet-safe");
  });
});
