// Macros @bufbuild/cel's parser does not expand, rewritten before planning into comprehensions its
// evaluator runs (one iteration variable each):
// - cel-go ext/lists.go sortByMacro: `l.sortBy(e, key)` is
//   bind(@__sortBy_input__, l, @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(e, key)));
// - cel-go ext/comprehensions.go (two-variable comprehensions, Kubernetes 1.32): `r.all(k, v, p)` and
//   exists, existsOne/exists_one, transformList, transformMap, transformMapEntry iterate over the (k, v)
//   pairs of r with one hidden variable, and bind k and v around each step, so shadowing stays CEL's.
// The static checker reads the calls as written (type-check.ts); only evaluation sees the rewrite.
import type { parse } from "@bufbuild/cel";

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr["expr"];

const ACCU = "@result";
export const TWO_VAR_MACROS: Record<string, number[]> = {
  all: [3],
  exists: [3],
  existsOne: [3],
  exists_one: [3],
  transformList: [3, 4],
  transformMap: [3, 4],
  transformMapEntry: [3, 4],
};

export function isTwoVarMacro(fn: string, target: unknown, args: readonly unknown[]): boolean {
  return target !== undefined && TWO_VAR_MACROS[fn]?.includes(args.length) === true;
}

/** The identifier name of a macro variable argument, else undefined. */
export function identName(e: Expr | undefined): string | undefined {
  return e?.exprKind.case === "identExpr" ? e.exprKind.value.name : undefined;
}

class Rewriter {
  private nextId: bigint;
  constructor(maxId: bigint) {
    this.nextId = maxId + 1n;
  }
  private expr(exprKind: Expr["exprKind"]): Expr {
    return { $typeName: "cel.expr.Expr", id: this.nextId++, exprKind } as Expr;
  }
  ident(name: string): Expr {
    return this.expr({ case: "identExpr", value: { $typeName: "cel.expr.Expr.Ident", name } } as Expr["exprKind"]);
  }
  call(fn: string, target: Expr | undefined, args: Expr[]): Expr {
    return this.expr({ case: "callExpr", value: { $typeName: "cel.expr.Expr.Call", function: fn, target, args } } as Expr["exprKind"]);
  }
  constant(kind: "boolValue" | "int64Value", value: boolean | bigint): Expr {
    return this.expr({ case: "constExpr", value: { $typeName: "cel.expr.Constant", constantKind: { case: kind, value } } } as Expr["exprKind"]);
  }
  list(elements: Expr[]): Expr {
    return this.expr({ case: "listExpr", value: { $typeName: "cel.expr.Expr.CreateList", elements, optionalIndices: [] } } as Expr["exprKind"]);
  }
  map(): Expr {
    return this.expr({ case: "structExpr", value: { $typeName: "cel.expr.Expr.CreateStruct", messageName: "", entries: [] } } as Expr["exprKind"]);
  }
  fold(iterVar: string, iterRange: Expr, accuVar: string, accuInit: Expr, loopCondition: Expr, loopStep: Expr, result: Expr): Expr {
    return this.expr({
      case: "comprehensionExpr",
      value: { $typeName: "cel.expr.Expr.Comprehension", iterVar, iterVar2: "", iterRange, accuVar, accuInit, loopCondition, loopStep, result },
    } as Expr["exprKind"]);
  }
  /** cel.bind(name, value, body): a comprehension over an empty list whose accumulator is `name`. */
  bind(name: string, value: Expr, body: Expr): Expr {
    return this.fold("#unused", this.list([]), name, value, this.constant("boolValue", false), this.ident(name), body);
  }

  rewrite(e: Expr): Expr {
    const kind = e.exprKind;
    switch (kind.case) {
      case "selectExpr":
        if (kind.value.operand !== undefined) kind.value.operand = this.rewrite(kind.value.operand);
        return e;
      case "listExpr":
        kind.value.elements = kind.value.elements.map((x) => this.rewrite(x));
        return e;
      case "structExpr":
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") entry.keyKind.value = this.rewrite(entry.keyKind.value);
          if (entry.value !== undefined) entry.value = this.rewrite(entry.value);
        }
        return e;
      case "comprehensionExpr": {
        const c = kind.value;
        for (const key of ["iterRange", "accuInit", "loopCondition", "loopStep", "result"] as const) {
          if (c[key] !== undefined) c[key] = this.rewrite(c[key]!);
        }
        return e;
      }
      case "callExpr": {
        const call = kind.value;
        if (call.target !== undefined) call.target = this.rewrite(call.target);
        call.args = call.args.map((x) => this.rewrite(x));
        if (call.target !== undefined && call.function === "sortBy" && call.args.length === 2 && identName(call.args[0]) !== undefined) {
          return this.sortBy(call.target, identName(call.args[0])!, call.args[1]);
        }
        if (isTwoVarMacro(call.function, call.target, call.args) && identName(call.args[0]) !== undefined && identName(call.args[1]) !== undefined) {
          return this.twoVar(call.function, call.target!, identName(call.args[0])!, identName(call.args[1])!, call.args.slice(2));
        }
        return e;
      }
      default:
        return e;
    }
  }

  private sortBy(target: Expr, iterVar: string, key: Expr): Expr {
    const input = "@__sortBy_input__";
    const keys = this.fold(iterVar, this.ident(input), ACCU, this.list([]), this.constant("boolValue", true), this.call("_+_", undefined, [this.ident(ACCU), this.list([key])]), this.ident(ACCU));
    return this.bind(input, target, this.call("@sortByAssociatedKeys", this.ident(input), [keys]));
  }

  private twoVar(fn: string, target: Expr, k: string, v: string, rest: Expr[]): Expr {
    const pair = "@pair";
    const accu = () => this.ident(ACCU);
    const withVars = (step: Expr) =>
      this.bind(k, this.call("_[_]", undefined, [this.ident(pair), this.constant("int64Value", 0n)]), this.bind(v, this.call("_[_]", undefined, [this.ident(pair), this.constant("int64Value", 1n)]), step));
    const range = this.call("@pairs", undefined, [target]);
    const filtered = (step: Expr) => (rest.length === 2 ? this.call("_?_:_", undefined, [rest[0], step, accu()]) : step);
    const transform = rest[rest.length - 1];
    switch (fn) {
      case "all":
        return this.fold(pair, range, ACCU, this.constant("boolValue", true), this.call("@not_strictly_false", undefined, [accu()]), withVars(this.call("_&&_", undefined, [accu(), rest[0]])), accu());
      case "exists":
        return this.fold(pair, range, ACCU, this.constant("boolValue", false), this.call("@not_strictly_false", undefined, [this.call("!_", undefined, [accu()])]), withVars(this.call("_||_", undefined, [accu(), rest[0]])), accu());
      case "existsOne":
      case "exists_one": {
        const step = this.call("_?_:_", undefined, [rest[0], this.call("_+_", undefined, [accu(), this.constant("int64Value", 1n)]), accu()]);
        return this.fold(pair, range, ACCU, this.constant("int64Value", 0n), this.constant("boolValue", true), withVars(step), this.call("_==_", undefined, [accu(), this.constant("int64Value", 1n)]));
      }
      case "transformList":
        return this.fold(pair, range, ACCU, this.list([]), this.constant("boolValue", true), withVars(filtered(this.call("_+_", undefined, [accu(), this.list([transform])]))), accu());
      case "transformMap":
        return this.fold(pair, range, ACCU, this.map(), this.constant("boolValue", true), withVars(filtered(this.call("cel.@mapInsert", undefined, [accu(), this.ident(k), transform]))), accu());
      default:
        return this.fold(pair, range, ACCU, this.map(), this.constant("boolValue", true), withVars(filtered(this.call("cel.@mapInsert", undefined, [accu(), transform]))), accu());
    }
  }
}

function maxId(e: Expr | undefined, max = 0n): bigint {
  if (e === undefined) return max;
  let m = e.id > max ? e.id : max;
  const kind = e.exprKind;
  if (kind.case === "selectExpr") m = maxId(kind.value.operand, m);
  else if (kind.case === "callExpr") for (const x of [kind.value.target, ...kind.value.args]) m = maxId(x, m);
  else if (kind.case === "listExpr") for (const x of kind.value.elements) m = maxId(x, m);
  else if (kind.case === "structExpr") for (const en of kind.value.entries) m = maxId(en.value, maxId(en.keyKind.case === "mapKey" ? en.keyKind.value : undefined, m));
  else if (kind.case === "comprehensionExpr") for (const x of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) m = maxId(x, m);
  return m;
}

/** `parsed` with sortBy and two-variable comprehensions expanded (a rewritten copy; the input is kept). */
export function expandExtensionMacros(parsed: ParsedExpr): ParsedExpr {
  const copy = structuredClone(parsed);
  if (copy.expr === undefined) return copy;
  copy.expr = new Rewriter(maxId(copy.expr)).rewrite(copy.expr);
  return copy;
}
