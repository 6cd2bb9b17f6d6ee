// The Kubernetes URL library (library/urls.go over net/url), the format library (library/format.go)
// and cel-go's optional types; expected values follow the Go functions named in each case.
import { describe, expect, it } from "vitest";
import { compileErrors, errorOf, evaluate } from "./harness.js";

const PASS = { kind: "pass" };

describe("URL library", () => {
  it.each([
    "isURL('https://example.com:80/path?query=val#fragment') && isURL('/absolute-path') && !isURL('relative/path') && !isURL('')",
    "url('https://example.com:80/').getScheme() == 'https' && url('HTTPS://example.com/').getScheme() == 'https'", // scheme lowercased
    "url('https://example.com:80/').getHost() == 'example.com:80' && url('https://[::1]:80/').getHost() == '[::1]:80'",
    "url('https://example.com:80/').getHostname() == 'example.com' && url('https://[::1]:80/').getHostname() == '::1'", // URL.Hostname
    "url('https://example.com:80/').getPort() == '80' && url('https://example.com/').getPort() == ''", // URL.Port
    "url('https://example.com/a%20b/c').getEscapedPath() == '/a%20b/c' && url('https://example.com').getEscapedPath() == ''",
    "url('https://example.com/path?k=v&k=w&x=a+b').getQuery() == {'k': ['v', 'w'], 'x': ['a b']}", // URL.Query
    "url('https://example.com/path?k=v#frag').getQuery() == {'k': ['v']}", // Parse splits the fragment off
    "url('https://example.com') == url('https://example.com') && url('https://example.com') != url('https://example.com/')",
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    ["url('relative')", `URL parse error during conversion from string: parse "relative": invalid URI for request`],
    ["url('')", `URL parse error during conversion from string: parse "": empty url`],
    ["url(':x')", `URL parse error during conversion from string: parse ":x": missing protocol scheme`],
    ["url('https://a b/')", `URL parse error during conversion from string: parse "https://a b/": invalid character " " in host name`],
    ["url('https://host:port/')", `URL parse error during conversion from string: parse "https://host:port/": invalid port ":port" after host`],
    ["url('https://example.com/%zz')", `URL parse error during conversion from string: parse "https://example.com/%zz": invalid URL escape "%zz"`],
  ])("%s fails like stringToUrl", (expr, message) => {
    expect(errorOf(`${expr}.getScheme() == ''`)).toBe(message);
  });
});

describe("format library", () => {
  it.each([
    "!format.dns1123Label().validate('my-name').hasValue()",
    "format.dns1123Label().validate('My_Name').value() == [\"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\"]",
    "!format.dns1123Subdomain().validate('apiextensions.k8s.io').hasValue() && format.dns1123Subdomain().validate('-x').hasValue()",
    "!format.dns1035Label().validate('my-name').hasValue() && format.dns1035Label().validate('1abc').hasValue()",
    "!format.qualifiedName().validate('apiextensions.k8s.io/v1beta1').hasValue() && format.qualifiedName().validate('a/b/c').hasValue()",
    "!format.dns1123LabelPrefix().validate('my-label-prefix-').hasValue() && !format.dns1035LabelPrefix().validate('my-label-prefix-').hasValue()",
    "!format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-').hasValue()", // maskTrailingDash drops '.-' for 'a'
    "!format.labelValue().validate('').hasValue() && format.labelValue().validate('-x').hasValue()",
    "format.uri().validate('relative').value() == ['parse \"relative\": invalid URI for request'] && !format.uri().validate('http://example.com').hasValue()",
    "format.uuid().validate('x').value() == ['does not match the UUID format'] && !format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()",
    "format.byte().validate('%').value() == ['invalid base64'] && !format.byte().validate('aGVsbG8=').hasValue()",
    "format.date().validate('2021-13-01').value() == ['invalid date'] && !format.date().validate('2021-01-01').hasValue()",
    "format.datetime().validate('x').value() == ['invalid datetime'] && !format.datetime().validate('2021-01-01T00:00:00Z').hasValue()",
    "format.named('dns1123Label').hasValue() && !format.named('nope').hasValue() && format.named('labelValue').value().validate('ok').orValue(['x']) == ['x']",
    "format.named('uuid') == optional.of(format.uuid())",
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it("is declared from Kubernetes 1.31 and type-checked", () => {
    expect(compileErrors("format.dns1123Label().validate(self.s).hasValue()", "1.30")[0]).toContain("format.dns1123Label needs Kubernetes 1.31, kubernetes_version is 1.30");
    expect(compileErrors("format.dns1123Label().validate(1).hasValue()")[0]).toMatch(/found no matching overload for 'validate' applied to 'kubernetes.NamedFormat.\(int\)'/);
    expect(compileErrors("format.dns1123Label().validate(self.s)")).toEqual(["cel expression must evaluate to a bool, not optional_type(list(string))"]);
  });
});

describe("optional types (cel.OptionalTypes, Kubernetes 1.28+)", () => {
  it.each([
    "optional.of(1).hasValue() && optional.of(1).value() == 1",
    "!optional.none().hasValue() && optional.none().orValue(5) == 5",
    "optional.none().or(optional.of('x')).value() == 'x' && optional.of('a').or(optional.of('b')).value() == 'a'",
    "!optional.ofNonZeroValue('').hasValue() && !optional.ofNonZeroValue(0).hasValue() && !optional.ofNonZeroValue([]).hasValue() && optional.ofNonZeroValue('x').hasValue()",
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it("value() of none fails like cel-go", () => {
    expect(errorOf("optional.none().value() == 1")).toBe("optional.none() dereference");
  });
});
