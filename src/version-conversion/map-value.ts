// One scalar value of a field whose representation differs between two versions, mapped as a
// ValueMap says. `undefined` means the target cannot hold it: the caller keeps it in the annotation.
import type { ValueMap } from "./plan.js";

export function mapValue(map: ValueMap, value: unknown): { value: unknown } | undefined {
  if (value === null) return map.nonNull ? undefined : { value };
  let result = value;
  if (map.enum) {
    const key = String(result);
    if ((typeof result !== "string" && typeof result !== "number") || !Object.hasOwn(map.enum, key)) return undefined;
    result = map.enum[key];
  }
  if (map.int64 === "string" && typeof result === "number") {
    // A JSON number beyond 2^53 is already rounded: its decimal string would not be the value written.
    if (!Number.isSafeInteger(result)) return undefined;
    result = String(result);
  } else if (map.int64 === "number" && typeof result === "string") {
    const number = Number(result);
    // Only the canonical decimal form: "007" or "1e3" would not come back as written.
    if (!Number.isSafeInteger(number) || String(number) !== result) return undefined;
    result = number;
  }
  if (map.minimum !== undefined || map.maximum !== undefined) {
    const n = integerOf(result);
    if (n === undefined) return undefined;
    if (map.minimum !== undefined && n < BigInt(map.minimum)) return undefined;
    if (map.maximum !== undefined && n > BigInt(map.maximum)) return undefined;
  }
  return { value: result };
}

function integerOf(value: unknown): bigint | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === "string" && /^-?[0-9]+$/.test(value)) return BigInt(value);
  return undefined;
}
