// Overloads of the functions a Kubernetes CRD rule may call and this package evaluates, for static
// type checking. Types are written like cel-go prints them; single capitals are type parameters.

export interface Overload {
  /** Receiver type for member calls (`x.f()`), undefined for global calls (`f(x)`). */
  target?: string;
  args: string[];
  result: string;
}

const NUMERIC = ["int", "uint", "double"];
const COMPARABLE = ["bool", "string", "bytes", "timestamp", "duration"];
const TIME_GETTERS = ["getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek"];
const CLOCK_GETTERS = ["getHours", "getMinutes", "getSeconds", "getMilliseconds"];

function global(...args: string[]): (result: string) => Overload {
  return (result) => ({ args, result });
}

function member(target: string, ...args: string[]): (result: string) => Overload {
  return (result) => ({ target, args, result });
}

function ordering(): Overload[] {
  const out: Overload[] = [];
  for (const a of NUMERIC) for (const b of NUMERIC) out.push(global(a, b)("bool"));
  for (const t of COMPARABLE) out.push(global(t, t)("bool"));
  return out;
}

function arithmetic(types: string[]): Overload[] {
  return types.map((t) => global(t, t)(t));
}

export const OVERLOADS: Record<string, Overload[]> = {
  "_==_": [global("A", "A")("bool")],
  "_!=_": [global("A", "A")("bool")],
  "_<_": ordering(),
  "_<=_": ordering(),
  "_>_": ordering(),
  "_>=_": ordering(),
  "_&&_": [global("bool", "bool")("bool")],
  "_||_": [global("bool", "bool")("bool")],
  "!_": [global("bool")("bool")],
  "-_": [global("int")("int"), global("double")("double")],
  "_?_:_": [global("bool", "A", "A")("A")],
  "_+_": [
    ...arithmetic(["int", "uint", "double", "string", "bytes"]),
    global("list(A)", "list(A)")("list(A)"),
    global("timestamp", "duration")("timestamp"),
    global("duration", "timestamp")("timestamp"),
    global("duration", "duration")("duration"),
  ],
  "_-_": [
    ...arithmetic(["int", "uint", "double"]),
    global("timestamp", "timestamp")("duration"),
    global("timestamp", "duration")("timestamp"),
    global("duration", "duration")("duration"),
  ],
  "_*_": arithmetic(NUMERIC),
  "_/_": arithmetic(NUMERIC),
  "_%_": arithmetic(["int", "uint"]),
  "_[_]": [global("list(A)", "int")("A"), global("list(A)", "uint")("A"), global("map(K,V)", "K")("V"), global("optional(list(A))", "int")("optional(A)"), global("optional(map(K,V))", "K")("optional(V)")],
  "@in": [global("A", "list(A)")("bool"), global("K", "map(K,V)")("bool")],
  size: [
    ...["string", "bytes", "list(A)", "map(K,V)"].map((t) => global(t)("int")),
    ...["string", "bytes", "list(A)", "map(K,V)"].map((t) => member(t)("int")),
  ],
  int: ["int", "uint", "double", "string", "timestamp"].map((t) => global(t)("int")),
  uint: ["int", "uint", "double", "string"].map((t) => global(t)("uint")),
  double: ["int", "uint", "double", "string"].map((t) => global(t)("double")),
  string: ["int", "uint", "double", "string", "bytes", "bool", "timestamp", "duration", "net.IP", "net.CIDR"].map((t) => global(t)("string")),
  bytes: ["string", "bytes"].map((t) => global(t)("bytes")),
  bool: ["bool", "string"].map((t) => global(t)("bool")),
  timestamp: ["string", "int", "timestamp"].map((t) => global(t)("timestamp")),
  duration: ["string", "duration"].map((t) => global(t)("duration")),
  dyn: [global("A")("dyn")],
  type: [global("A")("type")],
  contains: [member("string", "string")("bool")],
  startsWith: [member("string", "string")("bool")],
  endsWith: [member("string", "string")("bool")],
  matches: [member("string", "string")("bool"), global("string", "string")("bool")],
  // strings extension
  charAt: [member("string", "int")("string")],
  indexOf: [member("string", "string")("int"), member("string", "string", "int")("int"), member("list(A)", "A")("int")],
  lastIndexOf: [member("string", "string")("int"), member("string", "string", "int")("int"), member("list(A)", "A")("int")],
  lowerAscii: [member("string")("string")],
  upperAscii: [member("string")("string")],
  replace: [member("string", "string", "string")("string"), member("string", "string", "string", "int")("string")],
  split: [member("string", "string")("list(string)"), member("string", "string", "int")("list(string)")],
  substring: [member("string", "int")("string"), member("string", "int", "int")("string")],
  trim: [member("string")("string")],
  join: [member("list(string)")("string"), member("list(string)", "string")("string")],
  format: [member("string", "list(dyn)")("string")],
  "strings.quote": [global("string")("string")],
  // optionals (cel.OptionalTypes)
  hasValue: [member("optional(A)")("bool")],
  value: [member("optional(A)")("A")],
  orValue: [member("optional(A)", "A")("A")],
  or: [member("optional(A)", "optional(A)")("optional(A)")],
  // Kubernetes lists library
  isSorted: [...NUMERIC, ...COMPARABLE].map((t) => member(`list(${t})`)("bool")),
  sum: [...NUMERIC, "duration"].map((t) => member(`list(${t})`)(t)),
  min: [...NUMERIC, ...COMPARABLE].map((t) => member(`list(${t})`)(t)),
  max: [...NUMERIC, ...COMPARABLE].map((t) => member(`list(${t})`)(t)),
  // Kubernetes regex library
  find: [member("string", "string")("string")],
  findAll: [member("string", "string")("list(string)"), member("string", "string", "int")("list(string)")],
  // Kubernetes IP and CIDR libraries (library/ip.go, library/cidr.go)
  ip: [global("string")("net.IP"), member("net.CIDR")("net.IP")],
  isIP: [global("string")("bool")],
  "ip.isCanonical": [global("string")("bool")],
  family: [member("net.IP")("int")],
  isUnspecified: [member("net.IP")("bool")],
  isLoopback: [member("net.IP")("bool")],
  isLinkLocalMulticast: [member("net.IP")("bool")],
  isLinkLocalUnicast: [member("net.IP")("bool")],
  isGlobalUnicast: [member("net.IP")("bool")],
  cidr: [global("string")("net.CIDR")],
  isCIDR: [global("string")("bool")],
  containsIP: [member("net.CIDR", "string")("bool"), member("net.CIDR", "net.IP")("bool")],
  containsCIDR: [member("net.CIDR", "string")("bool"), member("net.CIDR", "net.CIDR")("bool")],
  masked: [member("net.CIDR")("net.CIDR")],
  prefixLength: [member("net.CIDR")("int")],
  // Kubernetes quantity library (library/quantity.go)
  quantity: [global("string")("kubernetes.Quantity")],
  isQuantity: [global("string")("bool")],
  sign: [global("kubernetes.Quantity")("int")],
  isGreaterThan: [member("kubernetes.Quantity", "kubernetes.Quantity")("bool"), member("kubernetes.Semver", "kubernetes.Semver")("bool")],
  isLessThan: [member("kubernetes.Quantity", "kubernetes.Quantity")("bool"), member("kubernetes.Semver", "kubernetes.Semver")("bool")],
  compareTo: [member("kubernetes.Quantity", "kubernetes.Quantity")("int"), member("kubernetes.Semver", "kubernetes.Semver")("int")],
  asApproximateFloat: [member("kubernetes.Quantity")("double")],
  asInteger: [member("kubernetes.Quantity")("int")],
  isInteger: [member("kubernetes.Quantity")("bool")],
  add: [member("kubernetes.Quantity", "kubernetes.Quantity")("kubernetes.Quantity"), member("kubernetes.Quantity", "int")("kubernetes.Quantity")],
  sub: [member("kubernetes.Quantity", "kubernetes.Quantity")("kubernetes.Quantity"), member("kubernetes.Quantity", "int")("kubernetes.Quantity")],
  // Kubernetes URL library (library/urls.go)
  url: [global("string")("kubernetes.URL")],
  isURL: [global("string")("bool")],
  getScheme: [member("kubernetes.URL")("string")],
  getHost: [member("kubernetes.URL")("string")],
  getHostname: [member("kubernetes.URL")("string")],
  getPort: [member("kubernetes.URL")("string")],
  getEscapedPath: [member("kubernetes.URL")("string")],
  getQuery: [member("kubernetes.URL")("map(string,list(string))")],
  // Kubernetes format library (library/format.go)
  "format.named": [global("string")("optional(kubernetes.NamedFormat)")],
  validate: [member("kubernetes.NamedFormat", "string")("optional(list(string))")],
  // optional types (cel.OptionalTypes)
  "optional.of": [global("A")("optional(A)")],
  "optional.ofNonZeroValue": [global("A")("optional(A)")],
  "optional.none": [global()("optional(dyn)")],
  // Kubernetes semver library (library/semverlib.go, SemverVersion(1))
  semver: [global("string")("kubernetes.Semver"), global("string", "bool")("kubernetes.Semver")],
  isSemver: [global("string")("bool"), global("string", "bool")("bool")],
  major: [member("kubernetes.Semver")("int")],
  minor: [member("kubernetes.Semver")("int")],
  patch: [member("kubernetes.Semver")("int")],
  // cel-go lists extension, ListsVersion(3) (ext/lists.go)
  slice: [member("list(A)", "int", "int")("list(A)")],
  flatten: [member("list(list(A))")("list(A)"), member("list(dyn)", "int")("list(dyn)")],
  "lists.range": [global("int")("list(int)")],
  reverse: [member("list(A)")("list(A)")],
  distinct: [member("list(A)")("list(A)")],
  sort: [...NUMERIC, ...COMPARABLE].map((t) => member(`list(${t})`)(`list(${t})`)),
  // `a[?k]` and indexing an optional list or map (cel/library.go optionalLib: list_optindex_optional_int, ...,
  // optional_list_index_int, optional_map_index_value); `.?` is checked apart (type-check.ts checkOptSelect).
  "_[?_]": [global("list(A)", "int")("optional(A)"), global("optional(list(A))", "int")("optional(A)"), global("map(K,V)", "K")("optional(V)"), global("optional(map(K,V))", "K")("optional(V)")],
  "optional.unwrap": [global("list(optional(A))")("list(A)")],
  unwrapOpt: [member("list(optional(A))")("list(A)")],
  // optional library version 2 (cel/library.go optionalLib: list_first, list_last)
  first: [member("list(A)")("optional(A)")],
  last: [member("list(A)")("optional(A)")],
  // sets extension
  "sets.contains": [global("list(A)", "list(A)")("bool")],
  "sets.equivalent": [global("list(A)", "list(A)")("bool")],
  "sets.intersects": [global("list(A)", "list(A)")("bool")],
};

for (const name of ["dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix", "dns1123SubdomainPrefix", "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime"]) {
  OVERLOADS[`format.${name}`] = [global()("kubernetes.NamedFormat")];
}
for (const name of TIME_GETTERS) {
  OVERLOADS[name] = [member("timestamp")("int"), member("timestamp", "string")("int")];
}
for (const name of CLOCK_GETTERS) {
  OVERLOADS[name] = [member("timestamp")("int"), member("timestamp", "string")("int"), member("duration")("int")];
}

/**
 * Functions of the Kubernetes CEL environment that this package cannot evaluate. A rule using one
 * fails generation instead of failing validation later.
 */
export const UNSUPPORTED_FUNCTIONS = new Set([
  // optionals, bindings, math, lists extension, two-variable comprehensions
  "cel.bind", "math.greatest", "math.least", "math.ceil", "math.floor", "math.round", "math.trunc", "math.abs",
  "math.sign", "math.isNaN", "math.isInf", "math.isFinite", "math.bitAnd", "math.bitOr", "math.bitXor",
  "math.bitNot", "math.bitShiftLeft", "math.bitShiftRight", "math.sqrt",
  "base64.encode", "base64.decode",
]);
