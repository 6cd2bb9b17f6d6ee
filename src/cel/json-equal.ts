// Deep equality of plain JSON values, shared by CEL evaluation and the generated validators' runtime.

/** Structural equality of plain JSON values (property order does not matter, array order does). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  if (ka.every((k, i) => k === kb[i])) {
    // The usual case (both parsed from JSON written by the same code): compare the values by position,
    // which is faster than looking each key up.
    const va = Object.values(a);
    const vb = Object.values(b);
    for (let i = 0; i < va.length; i++) if (!jsonEqual(va[i], vb[i])) return false;
    return true;
  }
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
