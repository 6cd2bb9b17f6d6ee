// One pass over a JSON text, without recursion, for what JSON.parse does not report: how deep it
// nests, and duplicate object keys with their field paths. Paths are written as
// sigs.k8s.io/json writes them in strict decoding errors: `spec.items[0].name`.

export interface JsonScan {
  /** Deepest nesting of objects and arrays (a scalar document is 0). */
  depth: number;
  /** Field paths of keys that appear twice in one object, in order of appearance. */
  duplicates: string[];
}

interface Frame {
  array: boolean;
  path: string;
  keys?: Set<string>;
  index: number;
  /** The key (object) or index text (array) of the value being read. */
  pending?: string;
}

function childPath(frame: Frame): string {
  if (frame.array) return `${frame.path}[${frame.index}]`;
  return frame.path === "" ? (frame.pending ?? "") : `${frame.path}.${frame.pending ?? ""}`;
}

/** Scans text that JSON.parse accepted. */
export function scanJson(text: string): JsonScan {
  const stack: Frame[] = [];
  const duplicates: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === 0x22) break;
        if (d === 0x5c) {
          escaped = true;
          end++; // the escaped character
        }
        end++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        const raw = text.slice(i, end + 1);
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        top.pending = key;
        if (top.keys!.has(key)) duplicates.push(childPath(top));
        else top.keys!.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const path = parent ? childPath(parent) : "";
      const array = c === 0x5b;
      stack.push({ array, path, keys: array ? undefined : new Set(), index: 0 });
      if (stack.length > depth) depth = stack.length;
      expectKey = !array;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    }
  }
  return { depth, duplicates };
}
