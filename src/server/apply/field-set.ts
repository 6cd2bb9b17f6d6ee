// Sets of field paths, as sigs.k8s.io/structured-merge-diff v4 fieldpath.Set keeps them: a tree in
// which each node lists the path elements that are members (owned leaves or owned containers) and
// the children it descends into. Path elements are kept in their FieldsV1 spelling
// (fieldpath/serialize-pe.go): `f:<name>` a field, `k:<json>` a list-map item by its keys,
// `v:<json>` a set item by its value, `i:<n>` an item by index.

/** A JSON value printed as Go's encoding/json prints it (HTML characters escaped), as FieldsV1 keys are. */
export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** `k:{"name":"a","port":80}`: the key fields sorted by name (typed/helpers.go keyMap.Sort()). */
export function keyElement(keys: ReadonlyArray<readonly [string, unknown]>): string {
  const sorted = [...keys].sort((a, b) => compareStrings(a[0], b[0]));
  return `k:{${sorted.map(([name, value]) => `${goJson(name)}:${goJson(value)}`).join(",")}}`;
}

export function valueElement(value: unknown): string {
  return `v:${goJson(value)}`;
}

function compareStrings(a: string, b: string): number {
  // Go compares strings bytewise; UTF-16 order differs only for astral characters.
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

const KIND_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Go's value.Compare order of JSON values: numbers, strings, booleans, lists, maps, then null. */
function rankOf(value: unknown): number {
  if (typeof value === "number") return 0;
  if (typeof value === "string") return 1;
  if (typeof value === "boolean") return 2;
  if (Array.isArray(value)) return 3;
  if (value !== null && typeof value === "object") return 4;
  return 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number") return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  if (typeof a === "string") return compareStrings(a, b as string);
  if (typeof a === "boolean") return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i], bl[i]);
      if (c !== 0) return c;
    }
    return a.length - bl.length;
  }
  if (ra === 4) return compareFieldLists(Object.entries(a as object), Object.entries(b as object));
  return 0;
}

function compareFieldLists(a: [string, unknown][], b: [string, unknown][]): number {
  const sa = [...a].sort((x, y) => compareStrings(x[0], y[0]));
  const sb = [...b].sort((x, y) => compareStrings(x[0], y[0]));
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const c = compareStrings(sa[i][0], sb[i][0]) || compareValues(sa[i][1], sb[i][1]);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

/** fieldpath PathElement.Compare: field names, then keys, then values, then indexes. */
export function compareElements(a: string, b: string): number {
  const ka = KIND_RANK[a[0]] ?? 4;
  const kb = KIND_RANK[b[0]] ?? 4;
  if (ka !== kb) return ka - kb;
  const ra = a.slice(2);
  const rb = b.slice(2);
  switch (a[0]) {
    case "f":
      return compareStrings(ra, rb);
    case "k":
      return compareFieldLists(Object.entries(JSON.parse(ra) as object), Object.entries(JSON.parse(rb) as object));
    case "v":
      return compareValues(JSON.parse(ra), JSON.parse(rb));
    case "i":
      return Number(ra) - Number(rb);
    default:
      return compareStrings(a, b);
  }
}

/** Go's %v of a value as fieldpath prints it (value.ToString): strings quoted, maps as k=v. */
function goString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goString).join(",")}]`;
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}=${goString(v)}`).join("");
  return String(value);
}

/** fieldpath PathElement.String: `.name`, `[name="a",port=80]`, `[=value]`, `[3]`. */
export function elementString(element: string): string {
  const rest = element.slice(2);
  switch (element[0]) {
    case "f":
      return `.${rest}`;
    case "k": {
      const entries = Object.entries(JSON.parse(rest) as object);
      return `[${entries.map(([k, v]) => `${k}=${goString(v)}`).join(",")}]`;
    }
    case "v":
      return `[=${goString(JSON.parse(rest))}]`;
    case "i":
      return `[${rest}]`;
    default:
      return element;
  }
}

export function pathString(path: readonly string[]): string {
  return path.map(elementString).join("");
}

export class FieldSet {
  readonly members = new Set<string>();
  readonly children = new Map<string, FieldSet>();

  static of(...paths: string[][]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** The child set under `element`, created when missing. */
  child(element: string): FieldSet {
    let child = this.children.get(element);
    if (!child) this.children.set(element, (child = new FieldSet()));
    return child;
  }

  insert(path: readonly string[]): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (const element of path.slice(0, -1)) node = node.child(element);
    node.members.add(path[path.length - 1]);
  }

  has(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path.slice(0, -1)) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return path.length > 0 && node.members.has(path[path.length - 1]);
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of other.members) out.members.add(m);
    for (const [element, child] of this.children) out.children.set(element, child.union(other.children.get(element) ?? EMPTY));
    for (const [element, child] of other.children) if (!out.children.has(element)) out.children.set(element, child.union(EMPTY));
    return out.compact();
  }

  /** Members of this set that `other` lacks; `other`'s members do not remove this set's children (SetNodeMap.Difference). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [element, child] of this.children) {
      const against = other.children.get(element);
      out.children.set(element, against ? child.difference(against) : child.union(EMPTY));
    }
    return out.compact();
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [element, child] of this.children) {
      const against = other.children.get(element);
      if (against) out.children.set(element, child.intersection(against));
    }
    return out.compact();
  }

  /** Drops children that hold nothing. */
  private compact(): FieldSet {
    for (const [element, child] of this.children) if (child.isEmpty()) this.children.delete(element);
    return this;
  }

  /** Every member path, in fieldpath Set.Iterate order: a node's members, then its children's paths. */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    for (const m of [...this.members].sort(compareElements)) out.push([...prefix, m]);
    for (const element of [...this.children.keys()].sort(compareElements)) {
      out.push(...this.children.get(element)!.paths([...prefix, element]));
    }
    return out;
  }

  /**
   * The FieldsV1 form: `{}` for a member without children, `".": {}` for a member with children.
   * Keys are in byte order, as the API server's JSON (a decoded map) lists them.
   */
  toFieldsV1(): Record<string, unknown> {
    const entries = new Map<string, Record<string, unknown>>();
    for (const m of this.members) entries.set(m, {});
    for (const [element, child] of this.children) {
      if (child.isEmpty()) continue;
      const inner = child.toFieldsV1();
      if (this.members.has(element)) inner["."] = {};
      entries.set(element, sortKeys(inner));
    }
    const out: Record<string, unknown> = {};
    for (const key of [...entries.keys()].sort(compareStrings)) out[key] = entries.get(key);
    return out;
  }

  /** Reads FieldsV1 (fieldpath readIterV1): a key whose object is empty or holds `.` is a member. */
  static fromFieldsV1(value: unknown): FieldSet {
    const set = new FieldSet();
    if (value === null || typeof value !== "object" || Array.isArray(value)) return set;
    for (const [key, inner] of Object.entries(value)) {
      if (key === ".") continue;
      if (!/^[fkvi]:/.test(key)) continue;
      const child = FieldSet.fromFieldsV1(inner);
      const keys = inner !== null && typeof inner === "object" ? Object.keys(inner) : [];
      if (keys.length === 0 || keys.includes(".")) set.members.add(key);
      if (!child.isEmpty()) set.children.set(key, child);
    }
    return set;
  }
}

function sortKeys(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort(compareStrings)) out[key] = object[key];
  return out;
}

const EMPTY = new FieldSet();
