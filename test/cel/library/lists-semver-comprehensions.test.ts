// cel-go's lists extension (ext/lists.go, ListsVersion(3), Kubernetes 1.34), two-variable comprehensions
// (ext/comprehensions.go, 1.32), the Kubernetes semver library (library/semverlib.go over blang/semver v4,
// 1.33) and the strings extension's versions (ext/strings.go). Expected values follow the Go functions
// named in each case.
import { describe, expect, it } from "vitest";
import { compileErrors, errorOf, estimatedCost, evaluate } from "./harness.js";

const PASS = { kind: "pass" };

describe("lists extension", () => {
  it.each([
    "[1, 2, 3, 4].slice(1, 3) == [2, 3] && [1, 2].slice(2, 2) == []", // slice
    "[1, [2, 3], [4]].flatten() == [1, 2, 3, 4] && [1, [2, [3, 4]]].flatten() == [1, 2, [3, 4]]", // flatten, depth 1
    "dyn([1, [2, [3, [4]]]]).flatten(2) == [1, 2, 3, [4]] && dyn([1, [2]]).flatten(0) == [1, [2]]", // flatten(depth)
    "lists.range(4) == [0, 1, 2, 3] && lists.range(0) == [] && lists.range(-2) == []", // genRange
    "[5, 3, 1, 2].reverse() == [2, 1, 3, 5] && [].reverse() == []", // reverseList
    "[1, 2, 2, 3, 3, 3].distinct() == [1, 2, 3] && ['b', 'b', 'c', 'a', 'c'].distinct() == ['b', 'c', 'a']", // distinctList
    "dyn([1, 1.0, 1u]).distinct() == [1]", // CEL equality across numeric types
    "[3, 2, 1].sort() == [1, 2, 3] && ['b', 'c', 'a'].sort() == ['a', 'b', 'c'] && [true, false].sort() == [false, true]", // sortList
    "[duration('2s'), duration('1s')].sort() == [duration('1s'), duration('2s')]",
    "['bb', 'a', 'ccc'].sortBy(e, size(e)) == ['a', 'bb', 'ccc'] && [3, 1, 2].sortBy(x, -x) == [3, 2, 1]", // sortByMacro
    "[[2, 'b'], [1, 'a']].sortBy(p, p[0]).map(p, p[1]) == ['a', 'b']",
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    ["[1, 2].slice(-1, 1)", "cannot slice(-1, 1), negative indexes not supported"],
    ["[1, 2].slice(2, 1)", "cannot slice(2, 1), start index must be less than or equal to end index"],
    ["[1, 2].slice(0, 3)", "cannot slice(0, 3), list is length 2"],
    ["dyn([1, [2]]).flatten(-1)", "level must be non-negative"],
    ["dyn([1, 2.0]).sort()", "list elements must have the same type"], // sortListByAssociatedKeys
    ["dyn([[1], [2]]).sort()", "list elements must be comparable"],
  ])("%s fails like cel-go", (expr, message) => {
    expect(errorOf(`size(${expr}) == 0`)).toBe(message);
  });

  it("type-checks like cel-go's declarations", () => {
    expect(compileErrors("[[1], [2]].sort() == []")[0]).toMatch(/found no matching overload for 'sort' applied to 'list\(list\(int\)\)\.\(\)'/);
    expect(compileErrors("[1].slice(0) == []")[0]).toMatch(/found no matching overload for 'slice'/);
    expect(compileErrors("[1, 2].sortBy(x, [x]) == []")[0]).toMatch(/found no matching overload for '@sortByAssociatedKeys'/);
  });

  it("is declared from Kubernetes 1.34 (ext.Lists(ext.ListsVersion(3)) in base.go)", () => {
    expect(compileErrors("[1].sort() == [1]", "1.33")).toEqual(["compilation failed: ERROR: <input>:1:4: undeclared reference to 'sort' (in container ''): sort needs Kubernetes 1.34, kubernetes_version is 1.33"]);
    expect(compileErrors("[1].sortBy(x, x) == [1]", "1.33")[0]).toMatch(/'sortBy' \(in container ''\): sortBy needs Kubernetes 1.34/);
    expect(compileErrors("lists.range(2) == [0, 1]", "1.33")[0]).toMatch(/lists.range needs Kubernetes 1.34/);
    expect(compileErrors("[1].sort() == [1] && lists.range(1) == [0]", "1.34")).toEqual([]);
  });

  it("costs what cel-go's ListsVersion(3) estimators say", () => {
    // estimateAllocatingListCall(factor, size) = ceil(size × factor) + 1 + ListCreateBaseCost (10); the list
    // literal costs 10, size() and == cost 1 each.
    expect(estimatedCost("[1, 2, 3].reverse().size() == 3")).toBe(10 + (3 + 11) + 2);
    expect(estimatedCost("[1, 2, 3, 4].slice(1, 3).size() == 2")).toBe(10 + (2 + 11) + 2); // end − start of literals
    expect(estimatedCost("lists.range(5).size() == 5")).toBe(5 + 11 + 2);
    expect(estimatedCost("[1, 2, 2].distinct().size() == 2")).toBe(10 + (2 * 9 + 11) + 2); // 2 × n²
    expect(estimatedCost("['b', 'a'].sort().size() == 2")).toBe(10 + (Math.ceil(4 * 2.1) + 11) + 2); // strings: 2.1 × n²
    expect(estimatedCost("[[1], [2]].flatten(2).size() == 2")).toBe(30 + (2 * 2 + 11) + 2); // depth × n
  });
});

describe("two-variable comprehensions", () => {
  it.each([
    "[1, 2, 3].all(i, j, i < j) && !{'hello': 'world', 'taco': 'taco'}.all(k, v, k != v)", // quantifierAll
    "{'h': ['hello', 'hi'], 'j': ['joke', 'jog']}.all(k, vals, vals.all(v, v.startsWith(k)))",
    "{'greeting': 'hello', 'farewell': 'goodbye'}.exists(k, v, k.startsWith('good') || v.endsWith('bye'))", // quantifierExists
    "![1, 2, 4, 8, 16].exists(i, v, v == 1024 && i == 10)",
    "![1, 2, 1, 3, 1, 4].existsOne(i, v, i == 1 || v == 1) && [1, 1, 2, 2, 3, 3].existsOne(i, v, i == 2 && v == 2)", // quantifierExistsOne
    "{'i': 0, 'j': 1, 'k': 2}.exists_one(i, v, i == 'l' || v == 1)",
    "[1, 2, 3].transformList(i, v, (i * v) + v) == [1, 4, 9] && [1, 2, 3].transformList(i, v, i % 2 == 0, (i * v) + v) == [1, 9]", // transformList
    "{'greeting': 'hello', 'farewell': 'goodbye'}.transformList(k, _, k) == ['greeting', 'farewell']",
    "[1, 2, 3].transformMap(i, v, (i * v) + v) == {0: 1, 1: 4, 2: 9} && [1, 2, 3].transformMap(i, v, i % 2 == 0, (i * v) + v) == {0: 1, 2: 9}", // transformMap
    "{'greeting': 'hello'}.transformMap(k, v, v + '!') == {'greeting': 'hello!'}",
    "{'greeting': 'hello'}.transformMapEntry(k, v, {v: k}) == {'hello': 'greeting'} && [1, 2, 3].transformMapEntry(i, v, {v: i}) == {1: 0, 2: 1, 3: 2}", // transformMapEntry
    "[1, 2].all(i, v, [10].all(i, i == 10)) && [1, 2].all(i, v, [5].exists(v, v == 5))", // inner variables shadow outer ones
  ])("%s", (expr) => {
    expect(evaluate(expr, {}, "1.32")).toEqual(PASS);
  });

  it("fails on a duplicate key like types.InsertMapKeyValue", () => {
    expect(errorOf("size({'greeting': 'aloha', 'farewell': 'aloha'}.transformMapEntry(k, v, {v: k})) == 1")).toBe("insert failed: key aloha already exists");
  });

  it("checks variables like extractIterVars", () => {
    expect(compileErrors("[1].all(x, x, true)")[0]).toMatch(/duplicate variable name: x/);
    expect(compileErrors("[1].all(x, __result__, true)")[0]).toMatch(/iteration variable overwrites accumulator variable/);
    expect(compileErrors("[1].all(x, 1, true)")[0]).toMatch(/argument must be a simple name/);
    expect(compileErrors("[1].exists(i, v, v)")[0]).toMatch(/expected type 'bool' but found 'int'/);
    expect(compileErrors("[1].transformMapEntry(i, v, v) == {}")[0]).toMatch(/found no matching overload for 'cel.@mapInsert'/);
  });

  it("is declared from Kubernetes 1.32 (ext.TwoVarComprehensions() in base.go)", () => {
    expect(compileErrors("[1].all(i, v, v > 0)", "1.31")).toEqual(["compilation failed: ERROR: <input>:1:4: undeclared reference to 'all' (in container ''): all with two variables needs Kubernetes 1.32, kubernetes_version is 1.31"]);
    expect(compileErrors("[1].transformList(i, v, v) == [1]", "1.31")[0]).toMatch(/transformList with two variables needs Kubernetes 1.32/);
    expect(compileErrors("[1].all(i, v, v > 0) && [1].transformList(i, v, v) == [1]", "1.32")).toEqual([]);
  });
});

describe("semver library", () => {
  it.each([
    "isSemver('1.0.0') && isSemver('0.1.0-alpha.1') && isSemver('1.2.3-rc.1+build.5') && !isSemver('v1.0') && !isSemver('hello')",
    "!isSemver('01.2.3') && !isSemver('1.2') && !isSemver('1.2.3-') && !isSemver('1.2.3-01') && !isSemver('1.2.3+a_b')",
    "isSemver('v1.0', true) && isSemver('1.0', true) && isSemver('01.01.01', true) && !isSemver('1.0-rc', true)", // normalizeAndParse
    "semver('1.2.3').major() == 1 && semver('1.2.3').minor() == 2 && semver('1.2.3').patch() == 3",
    "semver('v1.0', true) == semver('1.0.0') && semver('01.01.01', true) == semver('1.1.1') && semver('3', true).major() == 3",
    "semver('1.2.3').compareTo(semver('1.2.3')) == 0 && semver('1.2.3').compareTo(semver('2.0.0')) == -1 && semver('1.2.3').compareTo(semver('0.1.2')) == 1", // Version.Compare
    "semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1')) && semver('1.0.0-1').isLessThan(semver('1.0.0-alpha')) && semver('1.0.0-rc.1').isLessThan(semver('1.0.0'))",
    "semver('1.0.0-beta.11').isGreaterThan(semver('1.0.0-beta.2')) && semver('1.0.0-beta').isGreaterThan(semver('1.0.0-alpha.beta'))",
    "semver('1.2.3+build1') == semver('1.2.3+build2') && semver('1.2.3') != semver('1.2.4')", // Semver.Equal is Version.EQ
    "quantity('2').isGreaterThan(quantity('1')) && quantity('1').compareTo(quantity('1000m')) == 0", // quantity overloads of the shared names
  ])("%s", (expr) => {
    expect(evaluate(expr, {}, "1.33")).toEqual(PASS);
  });

  it.each([
    ["semver('')", "Version string empty"],
    ["semver('1.0')", "No Major.Minor.Patch elements found"],
    ["semver('a.0.0')", 'Invalid character(s) found in major number "a"'],
    ["semver('01.0.0')", 'Major number must not contain leading zeroes "01"'],
    ["semver('1.01.0')", 'Minor number must not contain leading zeroes "01"'],
    ["semver('1.0.x')", 'Invalid character(s) found in patch number "x"'],
    ["semver('1.0.0-01')", 'Numeric PreRelease version must not contain leading zeroes "01"'],
    ["semver('1.0.0-a..b')", "Prerelease is empty"],
    ["semver('1.0.0-a_b')", 'Invalid character(s) found in prerelease "a_b"'],
    ["semver('1.0.0+')", "Build meta data is empty"],
    ["semver('1.0.0+a_b')", 'Invalid character(s) found in build meta data "a_b"'],
    ["semver('1.0-rc', true)", "short version cannot contain PreRelease/Build meta data"], // normalizeAndParse
    ["semver('99999999999999999999.0.0')", 'strconv.ParseUint: parsing "99999999999999999999": value out of range'],
  ])("%s fails like semver.Parse", (expr, message) => {
    expect(errorOf(`${expr}.major() == 0`)).toBe(message);
  });

  it("is declared from Kubernetes 1.33 and type-checked", () => {
    expect(compileErrors("semver('1.0.0').major() == 1", "1.32")[0]).toMatch(/semver needs Kubernetes 1.33, kubernetes_version is 1.32/);
    expect(compileErrors("semver('1.0.0').isGreaterThan(quantity('1'))")[0]).toMatch(/found no matching overload for 'isGreaterThan' applied to 'kubernetes.Semver.\(kubernetes.Quantity\)'/);
    expect(compileErrors("quantity('1').major() == 1")[0]).toMatch(/found no matching overload for 'major'/);
  });

  it("costs like library/cost.go", () => {
    // semver/isSemver are global calls, for which EstimateCallCost's `target != nil` branch does not apply:
    // the default 1; major/minor/patch and the comparisons cost 1. self.s costs 2.
    expect(estimatedCost("semver(self.s).isGreaterThan(semver('1.0.0'))")).toBe(5);
    expect(estimatedCost("isSemver(self.s, true) && semver(self.s).major() == 1")).toBe(3 + 4 + 1);
  });
});

describe("strings extension versions (StringsVersion(0) before 1.29, StringsVersion(2) from 1.29)", () => {
  it("has format and strings.quote only from 1.29; join and the rest always", () => {
    expect(compileErrors("'%s'.format(['x']) == 'x'", "1.28")[0]).toMatch(/undeclared reference to 'format' \(in container ''\): format needs Kubernetes 1.29, kubernetes_version is 1.28/);
    expect(compileErrors("strings.quote('x') == 'x'", "1.28")[0]).toMatch(/strings.quote needs Kubernetes 1.29/);
    expect(compileErrors("'%s'.format(['x']) == 'x' && strings.quote('x') != ''", "1.29")).toEqual([]);
    expect(compileErrors("['a'].join(',') == 'a' && 'a'.upperAscii() == 'A' && 'ab'.charAt(1) == 'b'", "1.28")).toEqual([]);
  });

  it("has no string reverse (StringsVersion(3)) in any version", () => {
    expect(compileErrors("'ab'.reverse() == 'ba'")[0]).toMatch(/found no matching overload for 'reverse' applied to 'string.\(\)'/);
  });
});

describe("existsOne with one variable (cel-go ExistsOneMacroNew, cel-go v0.23 in Kubernetes 1.33)", () => {
  it("counts like exists_one", () => {
    expect(evaluate("[1, 2, 3].existsOne(x, x > 2) && ![1, 2, 3].existsOne(x, x > 1)", {}, "1.33")).toEqual(PASS);
    expect(compileErrors("[1].existsOne(x, x > 0)", "1.32")[0]).toMatch(/undeclared reference to 'existsOne' \(in container ''\): existsOne needs Kubernetes 1.33, kubernetes_version is 1.32/);
    expect(compileErrors("[1].exists_one(x, x > 0)", "1.28")).toEqual([]);
  });
});
