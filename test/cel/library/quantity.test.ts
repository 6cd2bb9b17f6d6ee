// The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go) over
// resource.ParseQuantity; expected values follow the Go functions named in each case.
import { describe, expect, it } from "vitest";
import { compileErrors, errorOf, estimatedCost, evaluate } from "./harness.js";

const PASS = { kind: "pass" };

describe("quantity library", () => {
  it.each([
    "isQuantity('1Ki') && isQuantity('100m') && isQuantity('1e3') && isQuantity('1E') && isQuantity('.5') && isQuantity('-1.5Gi')",
    "!isQuantity('') && !isQuantity('1KI') && !isQuantity('1kk') && !isQuantity('Ki') && !isQuantity('1.5.5') && !isQuantity('1e')",
    "quantity('1k') == quantity('1000') && quantity('1Ki') == quantity('1024')", // Quantity.Equal compares values
    "quantity('1.5Gi').compareTo(quantity('1536Mi')) == 0 && quantity('1Gi').isGreaterThan(quantity('1G'))", // Cmp
    "quantity('100m').isLessThan(quantity('1')) && !quantity('1').isLessThan(quantity('1000m'))",
    "sign(quantity('-5')) == -1 && sign(quantity('0')) == 0 && sign(quantity('3m')) == 1", // quantityGetSign (global overload)
    "quantity('1Mi').isInteger() && !quantity('100m').isInteger() && quantity('1Mi').asInteger() == 1048576", // AsInt64
    "quantity('50M').asApproximateFloat() == 50000000.0 && quantity('100m').asApproximateFloat() == 0.1",
    "quantity('1Gi').add(quantity('512Mi')) == quantity('1.5Gi') && quantity('1').add(2) == quantity('3')", // Add
    "quantity('1').sub(quantity('100m')) == quantity('900m') && quantity('1k').sub(1) == quantity('999')", // Sub
    "quantity('0.1n') == quantity('1n')", // ParseQuantity rounds up below nano precision
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    ["quantity('1KI')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"], // ErrFormatWrong
    ["quantity('1kk')", "unable to parse quantity's suffix"], // ErrSuffix
    ["quantity('')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ])("%s fails like stringToQuantity", (expr, message) => {
    expect(errorOf(`${expr}.isInteger()`)).toBe(message);
  });

  it("asInteger fails on a fraction or beyond int64 (quantityGetValue)", () => {
    expect(errorOf("quantity('100m').asInteger() == 0")).toBe("cannot convert value to integer");
    expect(errorOf("quantity('10E').asInteger() == 0")).toBe("cannot convert value to integer");
  });

  it("is declared from Kubernetes 1.28 and type-checked", () => {
    expect(compileErrors("quantity(self.s).sign() == 1")[0]).toMatch(/found no matching overload for 'sign' applied to 'kubernetes.Quantity.\(\)'/);
    expect(compileErrors("quantity(self.s).isGreaterThan(self.s)")[0]).toMatch(/found no matching overload for 'isGreaterThan'/);
    expect(compileErrors("isQuantity(self.s)", "1.28")).toEqual([]);
  });

  it("costs 1 per call (cost.go: global parse calls have no target, so the default estimate)", () => {
    // self.s 2 + quantity 1 + isGreaterThan 1 + quantity('1') 1.
    expect(estimatedCost("quantity(self.s).isGreaterThan(quantity('1'))")).toBe(5);
  });
});
