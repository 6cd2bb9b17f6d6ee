// Kubernetes' own cost expectations (apiextensions-apiserver pkg/apiserver/schema/cel/compilation_test.go,
// TestCostEstimation): each rule's estimated MaxCost on a schema without bounds ("calc") and with
// maxItems/maxProperties/maxLength set ("set"). A zero expectation is not checked there, so not here.
import { describe, expect, it } from "vitest";
import { analyzeCelRule } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

type Generator = (max: number | undefined) => JSONSchemaProps;

/** parseRuleType: duration/date/date-time are formatted strings, int-or-string has no type. */
function item(type: string): JSONSchemaProps {
  if (type === "duration" || type === "date" || type === "date-time") return { type: "string", format: type };
  if (type === "int-or-string") return { "x-kubernetes-int-or-string": true };
  return { type: type as JSONSchemaProps["type"] };
}
const required = (): JSONSchemaProps => ({ type: "object", required: ["required"], properties: { required: { type: "string" }, optional: { type: "string" } } });

const array = (type: string): Generator => (max) => ({ type: "array", maxItems: max, items: item(type) });
const arrayOfArrays = (type: string): Generator => (max) => ({ type: "array", maxItems: max, items: { type: "array", items: item(type) } });
const objectArray: Generator = (max) => ({ type: "array", maxItems: max, items: required() });
const mapArray = (type: string): Generator => (max) => ({ type: "array", maxItems: max, items: { type: "object", additionalProperties: item(type) } });
const map = (type: string): Generator => (max) => ({ type: "object", maxProperties: max, additionalProperties: item(type) });
const mapOfItems = (items: JSONSchemaProps): Generator => (max) => ({ type: "object", maxProperties: max, additionalProperties: items });
const string: Generator = (max) => ({ type: "string", maxLength: max });
const bytes: Generator = (max) => ({ type: "string", format: "byte", maxLength: max });
const enumString = (...values: string[]): Generator => (max) => ({ type: "string", maxLength: max, enum: values });
const nestedSpec: Generator = (max) => ({ type: "object", maxProperties: max, additionalProperties: { type: "string", maxLength: max } });
const allMaxNested: Generator = (max) => ({
  type: "array",
  maxItems: max,
  items: { type: "object", maxProperties: max, additionalProperties: { ...required(), maxProperties: max } },
});
const oneMaxNested: Generator = (max) => ({ type: "array", items: { type: "object", maxProperties: max, additionalProperties: required() } });
const joinArray: Generator = (max) => ({ type: "array", maxItems: max, items: { type: "string", maxLength: max } });
const replaceObject: Generator = (max) => ({
  type: "object",
  properties: { str: { type: "string", maxLength: max }, before: { type: "string", maxLength: 2 }, after: { type: "string", maxLength: 4 } },
});
const splitObject: Generator = (max) => ({ type: "object", properties: { str: { type: "string", maxLength: max }, separator: { type: "string", maxLength: max } } });

// [name, schema, rule, calc cost, maxElements, set cost]
const CASES: [string, Generator, string, number, number, number][] = [
  ["number array with all", array("number"), "self.all(x, true)", 4718591, 10, 32],
  ["string array with all", array("string"), "self.all(x, true)", 3145727, 20, 62],
  ["boolean array with all", array("boolean"), "self.all(x, true)", 1887437, 5, 17],
  ["array of number arrays with all", arrayOfArrays("number"), "self.all(x, true)", 3145727, 100, 302],
  ["array of objects with all", objectArray, "self.all(x, true)", 555128, 50, 152],
  ["map of numbers with all", map("number"), "self.all(x, true)", 1348169, 10, 32],
  ["map of strings with all", map("string"), "self.all(x, true)", 1179647, 3, 11],
  ["map of booleans with all", map("boolean"), "self.all(x, true)", 943718, 100, 302],
  ["string with contains", string, "self.contains('test')", 314574, 10, 5],
  ["string with startsWith", string, "self.startsWith('test')", 2, 15, 2],
  ["string with endsWith", string, "self.endsWith('test')", 2, 30, 2],
  ["concat string", string, `size(self + "hello") > size("hello")`, 314578, 4, 7],
  ["index of array with numbers", array("number"), "self[1] == 0.0", 2, 5000, 2],
  ["index of array with strings", array("string"), "self[1] == self[1]", 314577, 8, 314577],
  ["O(n^2) loop with numbers", array("number"), "self.all(x, self.all(y, true))", 0, 10, 352],
  ["O(n^3) loop with numbers", array("number"), "self.all(x, self.all(y, self.all(z, true)))", 0, 10, 3552],
  ["regex matches simple", string, `self.matches("x")`, 314574, 50, 22],
  ["regex matches empty string", string, `"".matches("(((((((((())))))))))[0-9]")`, 7, 10, 7],
  ["regex matches empty regex", string, `self.matches("")`, 1, 100, 1],
  ["map of strings with value length", nestedSpec, "self.all(x, x.contains(self[x]))", 2752507, 10, 72],
  ["set array maxLength to zero", array("number"), "self[3] == 0.0", 2, 0, 2],
  ["set map maxLength to zero", map("number"), `self["x"] == 0.0`, 2, 0, 2],
  ["set string maxLength to zero", string, `self == "x"`, 2, 0, 1],
  ["set bytes maxLength to zero", bytes, `self == b"x"`, 2, 0, 1],
  ["set maxLength greater than estimated maxLength", array("number"), "self.all(x, x == 0.0)", 6291454, 3 * 1024 * 2048, 25165826],
  ["nested types with root rule with all supporting maxLength", allMaxNested, `self.all(x, x["y"].required == "z")`, 7340027, 10, 72],
  ["nested types with root rule with one supporting maxLength", oneMaxNested, `self.all(x, x["y"].required == "z")`, 7340027, 10, 7340027],
  ["int-or-string array with all", array("int-or-string"), "self.all(x, true)", 4718591, 10, 32],
  ["index of array with int-or-strings", array("int-or-string"), "self[0] == 5", 3, 10, 3],
  ["index of array with booleans", array("boolean"), "self[0] == false", 2, 25, 2],
  ["index of array of objects", objectArray, "self[0] == null", 2, 422, 2],
  ["index of array of array of numnbers", arrayOfArrays("number"), "self[0][0] == -1.0", 3, 51, 3],
  ["array of number maps with all", mapArray("number"), "self.all(x, x.y == 25.2)", 6291452, 12, 74],
  ["index of array of number maps", mapArray("number"), "self[0].x > 2.0", 4, 3000, 4],
  ["duration array with all", array("duration"), "self.all(x, true)", 2359295, 5, 17],
  ["index of duration array", array("duration"), "self[0].getHours() == 2", 4, 525, 4],
  ["date array with all", array("date"), "self.all(x, true)", 725936, 15, 47],
  ["index of date array", array("date"), "self[2].getDayOfMonth() == 13", 4, 42, 4],
  ["date-time array with all", array("date-time"), "self.all(x, true)", 428963, 25, 77],
  ["index of date-time array", array("date-time"), "self[2].getMinutes() == 45", 4, 99, 4],
  ["map of int-or-strings with all", map("int-or-string"), "self.all(x, true)", 1348169, 15, 47],
  ["map of objects with all", mapOfItems(required()), "self.all(x, true)", 428963, 20, 62],
  ["map of number maps with all", mapOfItems({ type: "object", additionalProperties: { type: "number" } }), "self.all(x, true)", 1179647, 10, 32],
  ["map of number arrays with all", mapOfItems({ type: "array", items: { type: "number" } }), "self.all(x, true)", 1179647, 25, 77],
  ["map of durations with all", map("duration"), "self.all(x, true)", 1048577, 5, 17],
  ["map of dates with all", map("date"), "self.all(x, true)", 524288, 10, 32],
  ["map of date-times with all", map("date-time"), "self.all(x, true)", 349526, 25, 77],
  ["extended library regex find", string, "self.find('[0-9]+') == ''", 629147, 10, 11],
  ["extended library join", joinArray, "self.join(' ') == 'aa bb'", 329853068905, 10, 43],
  ["extended library replace", replaceObject, "self.str.replace(self.before, self.after) == 'does not matter'", 629154, 4, 12],
  ["extended library split", splitObject, "self.str.split(self.separator) == []", 629160, 10, 22],
  ["extended library lowerAscii", string, "self.lowerAscii() == 'lower!'", 314575, 10, 6],
  ["check cost of size call", map("integer"), "oldSelf.size() == self.size()", 5, 10, 5],
  ["check cost of timestamp comparison", map("date-time"), `self["a"] == self["b"]`, 8, 7, 8],
  ["check cost of duration comparison", map("duration"), `self["c"] == self["d"]`, 8, 42, 8],
  ["enums with maxLength equals to the longest possible value", enumString("A", "B", "C", "LongValue"), "self.contains('A')", 2, 1000, 401],
];

function estimated(schema: JSONSchemaProps, rule: string): number {
  const analysis = analyzeCelRule(schema, { rule }, { kubernetesVersion: "1.31" });
  expect(analysis.errors).toEqual([]);
  return analysis.estimatedCost;
}

describe("TestCostEstimation of apiextensions-apiserver", () => {
  for (const [name, generate, rule, calc, max, set] of CASES) {
    it(name, () => {
      const got = { calc: calc === 0 ? 0 : estimated(generate(undefined), rule), set: estimated(generate(max), rule) };
      expect(got).toEqual({ calc, set });
    });
  }
});
