// CEL's optional syntax (cel.OptionalTypes, in the Kubernetes CEL environment since 1.28 per
// k8s.io/apiserver/pkg/cel/environment/base.go) read with the parser of @bufbuild/cel, which does not know
// it. The grammar (cel-go parser/gen/CEL.g4) has `member '.' '?'? id`, `member '[' '?'? expr ']'`,
// `optExpr: '?'? expr` in list literals and `'?'? key ':' value` in map and message literals.
//
// A small tokenizer finds those `?` markers (strings, comments and the ternary `?` untouched) and blanks
// each one to a space, so every other character keeps its offset and the positions @bufbuild/cel reports
// still point into the rule as written. The parsed AST is then given cel-go's shape for the markers
// (parser/parser.go VisitSelect / VisitIndex / VisitCreateList / VisitCreateMap): `a.?f` becomes the call
// `_?._(a, "f")`, `a[?k]` the call `_[?_](a, k)`, `[?x]` an entry of `optionalIndices`, and `{?k: v}` an
// entry with `optionalEntry`.
import { parse } from "@bufbuild/cel";
// The same AST type as type-check.ts names ParsedExpr (imported from there it would be a cycle).
type ParsedExpr = ReturnType<typeof parse>;

type Expr = ParsedExpr["expr"];

export const OPT_SELECT = "_?._";
export const OPT_INDEX = "_[?_]";

interface OptionalMarks {
  /** Offset of the `.` of each `.?`, with the offset of the field name after it. */
  selects: Map<number, number>;
  /** Offset of the `[` of each `[?` index. */
  indexes: Set<number>;
  /** Offset of the `[` of a list literal → indices of its `?` elements. */
  listElements: Map<number, Set<number>>;
  /** Offset of the `{` of a map or message literal → indices of its `?` entries. */
  mapEntries: Map<number, Set<number>>;
}

interface Bracket {
  offset: number;
  kind: "paren" | "index" | "list" | "map";
  /** Index of the current element (top-level commas so far). */
  element: number;
}

type TokenKind = "operand" | "keyword" | "punct";

const IDENT = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const NUMBER = /(?:0x[0-9a-fA-F]+u?|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+|\.[0-9]*(?:[eE][+-]?[0-9]+)?)?u?)/y;
const STRING_PREFIX = /^(?:[rR]|[bB]|[bB][rR]|[rR][bB])$/;

/** The end offset of the string literal starting with the quote at `start`. */
function skipString(source: string, start: number, raw: boolean): number {
  const quote = source[start];
  const triple = source.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < source.length) {
    if (!raw && source[i] === "\\") {
      i += 2;
      continue;
    }
    if (source.startsWith(close, i)) return i + close.length;
    if (!triple && (source[i] === "\n" || source[i] === "\r")) return i;
    i++;
  }
  return source.length;
}

/** Blanks the optional-syntax markers of `source`; returns the text to parse and where the markers were. */
export function markOptionalSyntax(source: string): { text: string; marks: OptionalMarks; found: boolean } {
  const marks: OptionalMarks = { selects: new Map(), indexes: new Set(), listElements: new Map(), mapEntries: new Map() };
  // UTF-16 offsets, as @bufbuild/cel reports them; only the ASCII `?` is ever replaced.
  const text = source.split("");
  const stack: Bracket[] = [];
  let previous: { kind: TokenKind; text: string; offset: number } | undefined;
  let pendingSelect: number | undefined;
  let found = false;
  const mark = (into: Map<number, Set<number>>, bracket: Bracket) => {
    const set = into.get(bracket.offset) ?? new Set<number>();
    set.add(bracket.element);
    into.set(bracket.offset, set);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipString(source, i, false);
      previous = { kind: "operand", text: "string", offset: i };
      continue;
    }
    if (c === "`") {
      const end = source.indexOf("`", i + 1);
      i = end === -1 ? source.length : end + 1;
      previous = { kind: "operand", text: "ident", offset: i };
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident !== null) {
      const word = ident[0];
      const next = source[i + word.length];
      if ((next === '"' || next === "'") && STRING_PREFIX.test(word)) {
        i = skipString(source, i + word.length, /[rR]/.test(word));
        previous = { kind: "operand", text: "string", offset: i };
        continue;
      }
      if (pendingSelect !== undefined) {
        marks.selects.set(pendingSelect, i);
        pendingSelect = undefined;
      }
      previous = { kind: word === "in" ? "keyword" : "operand", text: word, offset: i };
      i += word.length;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      NUMBER.lastIndex = i;
      const n = NUMBER.exec(source);
      i += n === null ? 1 : Math.max(1, n[0].length);
      previous = { kind: "operand", text: "number", offset: i };
      continue;
    }
    const top = stack[stack.length - 1];
    switch (c) {
      case "(":
        stack.push({ offset: i, kind: "paren", element: 0 });
        break;
      case "[":
        stack.push({ offset: i, kind: previous?.kind === "operand" ? "index" : "list", element: 0 });
        break;
      case "{":
        stack.push({ offset: i, kind: "map", element: 0 });
        break;
      case ")":
      case "]":
      case "}":
        stack.pop();
        previous = { kind: "operand", text: c, offset: i };
        i++;
        continue;
      case ",":
        if (top !== undefined) top.element++;
        break;
      case "?": {
        const after = previous?.text;
        let isMarker = true;
        if (after === "." && previous!.kind === "punct") {
          marks.selects.set(previous!.offset, -1);
          pendingSelect = previous!.offset;
        } else if (after === "[" && top?.kind === "index" && top.offset === previous!.offset) {
          marks.indexes.add(top.offset);
        } else if ((after === "[" || after === ",") && top?.kind === "list") {
          mark(marks.listElements, top);
        } else if ((after === "{" || after === ",") && top?.kind === "map") {
          mark(marks.mapEntries, top);
        } else {
          isMarker = false;
        }
        if (isMarker) {
          text[i] = " ";
          found = true;
        }
        break;
      }
    }
    previous = { kind: "punct", text: c, offset: i };
    i++;
  }
  return { text: text.join(""), marks, found };
}

/** Parses a rule that may use the optional syntax; throws the parser's error like `parse` does. */
export function parseWithOptionalSyntax(source: string): ParsedExpr {
  const { text, marks, found } = markOptionalSyntax(source);
  const parsed = parse(text);
  if (!found || parsed.expr === undefined) return parsed;
  const positions = (parsed.sourceInfo?.positions ?? {}) as Record<string, number>;
  const macroCalls = (parsed.sourceInfo?.macroCalls ?? {}) as Record<string, Expr>;
  let nextId = [parsed.expr, ...Object.values(macroCalls)].reduce((max, e) => (maxId(e) > max ? maxId(e) : max), 0n) + 1n;
  const usedSelects = new Set<number>();
  const reshape = (expr: Expr): void => {
    const kind = expr.exprKind;
    const offset = positions[expr.id.toString()];
    switch (kind.case) {
      case "selectExpr": {
        if (kind.value.operand !== undefined) reshape(kind.value.operand);
        const fieldOffset = marks.selects.get(offset);
        if (fieldOffset === undefined || kind.value.testOnly || kind.value.operand === undefined) return;
        usedSelects.add(offset);
        const id = nextId++;
        positions[id.toString()] = fieldOffset;
        const field = { id, exprKind: { case: "constExpr", value: { constantKind: { case: "stringValue", value: kind.value.field } } } } as unknown as Expr;
        expr.exprKind = { case: "callExpr", value: { function: OPT_SELECT, args: [kind.value.operand, field] } } as unknown as Expr["exprKind"];
        return;
      }
      case "callExpr": {
        if (kind.value.target !== undefined) reshape(kind.value.target);
        for (const a of kind.value.args) reshape(a);
        if (kind.value.function === "_[_]" && kind.value.target === undefined && marks.indexes.has(offset)) kind.value.function = OPT_INDEX;
        return;
      }
      case "listExpr": {
        for (const e of kind.value.elements) reshape(e);
        const optional = marks.listElements.get(offset);
        if (optional !== undefined) {
          kind.value.optionalIndices = [...optional].filter((n) => n < kind.value.elements.length).sort((a, b) => a - b);
        }
        return;
      }
      case "structExpr": {
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") reshape(entry.keyKind.value);
          if (entry.value !== undefined) reshape(entry.value);
        }
        const optional = marks.mapEntries.get(offset);
        if (optional !== undefined) {
          for (const n of optional) if (kind.value.entries[n] !== undefined) kind.value.entries[n].optionalEntry = true;
        }
        return;
      }
      case "comprehensionExpr":
        for (const e of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) if (e !== undefined) reshape(e);
        return;
      default:
        return;
    }
  };
  reshape(parsed.expr);
  // Macro calls (all, exists, ...) are kept apart in the source info with their own copy of the arguments.
  for (const call of Object.values(macroCalls)) reshape(call);
  // A `.?` the parser read as something else, i.e. `a.?f(x)`: CEL.g4 has no optional member call.
  for (const [dot] of marks.selects) {
    if (usedSelects.has(dot)) continue;
    const open = source.indexOf("(", dot);
    throw new Error(`<input>:${lineColumn(source, open === -1 ? dot : open)}: mismatched input '(' expecting <EOF>`);
  }
  return parsed;
}

function lineColumn(source: string, offset: number): string {
  const before = source.slice(0, offset);
  return `${before.split("\n").length}:${offset - (before.lastIndexOf("\n") + 1) + 1}`;
}

function maxId(expr: Expr): bigint {
  let max = expr.id;
  const visit = (e: Expr | undefined) => {
    if (e === undefined) return;
    if (e.id > max) max = e.id;
    const k = e.exprKind;
    switch (k.case) {
      case "selectExpr":
        visit(k.value.operand);
        break;
      case "callExpr":
        visit(k.value.target);
        k.value.args.forEach(visit);
        break;
      case "listExpr":
        k.value.elements.forEach(visit);
        break;
      case "structExpr":
        for (const en of k.value.entries) {
          if (en.id > max) max = en.id;
          if (en.keyKind.case === "mapKey") visit(en.keyKind.value);
          visit(en.value);
        }
        break;
      case "comprehensionExpr":
        [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach(visit);
        break;
    }
  };
  visit(expr);
  return max;
}
