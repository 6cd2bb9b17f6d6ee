// Values of the Kubernetes CEL libraries' own types (net.IP, net.CIDR, kubernetes.URL,
// kubernetes.Quantity, kubernetes.Semver, kubernetes.NamedFormat). @bufbuild/cel only carries its own
// value kinds, so each such value travels as an empty CelMap tagged with the real value; the static
// checker guarantees that only values of the right type reach the library functions.
import { celMap, isCelMap, type CelMap, type CelValue } from "@bufbuild/cel";

export interface OpaqueValue {
  /** The cel-go type name, e.g. `net.IP`. */
  readonly typeName: string;
  /** Equal values have equal keys (cel-go's Equal of the type). */
  equalityKey(): string;
}

const tagged = new WeakMap<CelMap, OpaqueValue>();

export function wrapOpaque(value: OpaqueValue): CelMap {
  const carrier = celMap(new Map());
  tagged.set(carrier, value);
  return carrier;
}

export function opaqueOf(value: CelValue): OpaqueValue | undefined {
  return isCelMap(value) ? tagged.get(value) : undefined;
}

/** The value of `typeName` carried by `value`, or an error worded like cel-go's no-such-overload. */
export function unwrap<T extends OpaqueValue>(value: CelValue, typeName: string): T {
  const o = opaqueOf(value);
  if (o === undefined || o.typeName !== typeName) throw new Error("no such overload");
  return o as T;
}

/** cel-go compares opaque values of one type with their Equal; of different types they are unequal. */
export function opaqueEquals(a: CelValue, b: CelValue): boolean | undefined {
  const x = opaqueOf(a);
  const y = opaqueOf(b);
  if (x === undefined && y === undefined) return undefined;
  return x !== undefined && y !== undefined && x.typeName === y.typeName && x.equalityKey() === y.equalityKey();
}
