// The syntax of a printer column's JSONPath as kube-apiserver parses it when it serves the resource:
// tableconvertor.New (apiextensions-apiserver/pkg/registry/customresource/tableconvertor) parses
// `{<jsonPath>}` with k8s.io/client-go/util/jsonpath; when that fails, the CRD is stored but none of
// its resources can be served ("the server could not properly serve the CR columns"). This follows that
// parser's grammar for what a column can hold: `.field` (with `\.` escapes), `..` recursive descent,
// `.*`, `[index]`, slices `[a:b:c]`, `[*]`, `['key']`, unions `[a,b]` and filters `[?(…)]`.

const TERMINATORS = new Set([" ", "\t", "\n", "\r", ".", ",", "[", "]", "$", "@", "{", "}"]);
/** client-go's sliceOperatorRex and dictKeyRex. */
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY = /^'([^']*)'$/;

/** Why client-go's jsonpath parser rejects `path`, or undefined if it parses. */
export function jsonPathSyntaxError(path: string): string | undefined {
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
      if (path[i] === ".") i++;
      while (i < path.length && !TERMINATORS.has(path[i])) i += path[i] === "\\" ? 2 : 1;
    } else if (c === "[") {
      if (path.startsWith("[?(", i)) {
        const end = path.indexOf(")]", i + 3);
        if (end < 0) return `unclosed filter at offset ${i}`;
        if (path.slice(i + 3, end).trim() === "") return `empty filter at offset ${i}`;
        i = end + 2;
        continue;
      }
      const end = path.indexOf("]", i + 1);
      const newline = path.indexOf("\n", i + 1);
      if (end < 0 || (newline >= 0 && newline < end)) return `unterminated array at offset ${i}`;
      for (const part of path.slice(i + 1, end).split(",")) {
        const text = part.trim();
        if (text !== "*" && !DICT_KEY.test(text) && !SLICE.test(text)) return `invalid array index ${text}`;
      }
      i = end + 1;
    } else if (c === " " || c === "\t" || c === "$" || c === "@" || c === ",") {
      i++;
    } else {
      return `unrecognized character ${JSON.stringify(c)} at offset ${i}`;
    }
  }
  return undefined;
}
