// Static checking of a parsed rule against the schema of the node it sits on: field references,
// function overloads and result types, plus cel-go's style of worst-case cost estimate. @bufbuild/cel's
// own checker only handles constants and identifiers, so this walks the AST itself.
import type { parse } from "@bufbuild/cel";
import { DYN, listOf, mapOf, simpleType, typeToString, type DeclType, type DeclTypeName } from "./decl-type.js";
import { callCost, LIST_CREATE, MAP_CREATE, multiply, UNKNOWN_SIZE, type SizedOperand } from "./cost-model.js";
import { commonType, resolveOverload } from "./overload-resolution.js";
import { OVERLOADS, UNSUPPORTED_FUNCTIONS } from "./signatures.js";
import { RegexError, re2ToRegExp } from "./re2-to-js.js";
import { DEFAULT_KUBERNETES_VERSION, versionNeeded, type KubernetesVersion } from "./library/versions.js";
import { identName, isTwoVarMacro } from "./library/comprehensions.js";
import { listsExtCallCost, sortFactor } from "./library/lists-ext-cost.js";
import { comprehensionMacroCost, optMapCost, sortByCost } from "./macro-cost.js";
import { OPT_INDEX, OPT_SELECT } from "./optional-syntax.js";

// The AST types of @bufbuild/cel-spec, reached through @bufbuild/cel (not a direct dependency).
export type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr["expr"];
type Constant = Extract<Expr["exprKind"], { case: "constExpr" }>["value"];

export type CelIssueRule = "cel/parse" | "cel/unknown-field" | "cel/unsupported-function" | "cel/type" | "cel/kubernetes-version";

export interface CelIssue {
  rule: CelIssueRule;
  /** cel-go style: `ERROR: <input>:1:6: undefined field 'x'`. */
  message: string;
}

export interface UnboundedSize {
  origin: string;
  /** maxItems, maxProperties or maxLength; undefined where no keyword bounds it (map keys, int-or-string). */
  keyword: "maxItems" | "maxProperties" | "maxLength" | undefined;
}

export interface CheckedExpression {
  issues: CelIssue[];
  type: DeclType;
  /** Worst-case cost of one evaluation, in cel-go cost units. */
  cost: number;
  /** Origins (e.g. `self.items`) of unbounded sizes the cost depends on. */
  unboundedBy: string[];
  /** The same origins with the schema keyword that would bound each. */
  unboundedSizes: UnboundedSize[];
  /** Identifiers of the environment the expression refers to (`self`, `oldSelf`). */
  variablesUsed: Set<string>;
  /** Ids of selects, indexes, `.?` and `[?]` whose operand is an optional (cel-go applies them to its value). */
  optionalOperands: Set<bigint>;
}


const TYPE_NAMES = new Set(["int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type", "timestamp", "duration", "dyn"]);

interface Typed {
  type: DeclType;
  cost: number;
  /** The value when the expression is a string literal (for regex checks and cost). */
  constant?: string;
  /** The value when the expression is an int literal (for the lists extension's cost). */
  intConstant?: bigint;
  /** cel-go's field path of the node (checker/cost.go addPath), which Kubernetes' size estimator resolves. */
  path?: string[];
  /** The size of a literal (checker/cost.go computeExprSize). */
  literalSize?: number;
  /** The result size a call or comprehension carries on (checker/cost.go setSize). */
  computedSize?: number;
  /** The largest element (value) size of a list (map) literal (checker/cost.go setEntrySize). */
  entrySize?: number;
}

/** An iteration or bound variable: its type and the field path cel-go gives it. */
interface Local {
  type: DeclType;
  path?: string[];
}

/** checker/cost.go isScalar: types of a size known at compile time. */
const SCALARS = new Set(["bool", "double", "duration", "int", "timestamp", "uint"]);
/** The key of a map node: Kubernetes' map DeclType has StringType keys, of MaxElements 0. */
const MAP_KEY: DeclType = { ...simpleType("string"), bounded: true };

export function checkExpression(
  parsed: ParsedExpr,
  source: string,
  variables: ReadonlyMap<string, DeclType>,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): CheckedExpression {
  return new ExpressionChecker(parsed, source, variables, version).run();
}

class ExpressionChecker {
  private readonly issues: CelIssue[] = [];
  private readonly unbounded = new Map<string, UnboundedSize>();
  private readonly used = new Set<string>();
  private readonly scopes: Map<string, Local>[] = [];
  private readonly positions: Record<string, number>;
  private readonly macros: Record<string, Expr>;
  private readonly byId = new Map<bigint, Expr>();
  private readonly optionalOperands = new Set<bigint>();

  constructor(
    private readonly parsed: ParsedExpr,
    private readonly source: string,
    private readonly variables: ReadonlyMap<string, DeclType>,
    private readonly version: KubernetesVersion,
  ) {
    this.positions = (parsed.sourceInfo?.positions ?? {}) as Record<string, number>;
    this.macros = (parsed.sourceInfo?.macroCalls ?? {}) as Record<string, Expr>;
    if (parsed.expr !== undefined) indexById(parsed.expr, this.byId);
  }

  run(): CheckedExpression {
    const result = this.parsed.expr === undefined ? { type: DYN, cost: 0 } : this.check(this.parsed.expr);
    return { issues: this.issues, type: result.type, cost: result.cost, unboundedBy: [...this.unbounded.keys()], unboundedSizes: [...this.unbounded.values()], variablesUsed: this.used, optionalOperands: this.optionalOperands };
  }

  private report(rule: CelIssueRule, expr: Expr, text: string): Typed {
    const offset = this.positions[expr.id.toString()] ?? 0;
    const before = this.source.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - (before.lastIndexOf("\n") + 1) + 1;
    this.issues.push({ rule, message: `ERROR: <input>:${line}:${column}: ${text}` });
    return { type: DYN, cost: 0 };
  }

  /** A size the cost depends on, remembering where unbounded sizes come from. */
  size(t: DeclType): number {
    if (!t.bounded && t.origin !== undefined && !this.unbounded.has(t.origin)) {
      const keyword = t.origin.endsWith("(keys)") || t.name === "dyn" ? undefined : t.name === "list" ? "maxItems" : t.name === "map" ? "maxProperties" : "maxLength";
      this.unbounded.set(t.origin, { origin: t.origin, keyword });
    }
    return t.maxElements;
  }

  /**
   * The schema node Kubernetes' size estimator (apiextensions compilation.go sizeEstimator.EstimateSize)
   * resolves `path` to: from the rule's node, the first element (the variable) skipped, then @items and
   * @values to the element, @keys to the key, a name to an object's field; undefined where it finds none.
   */
  private pathNode(path: string[] | undefined): DeclType | undefined {
    if (path === undefined || path.length === 0) return undefined;
    let node = this.variables.get("self");
    for (const name of path.slice(1)) {
      if (node === undefined) return undefined;
      if (name === "@items" || name === "@values") node = node.name === "list" || node.name === "map" ? node.element : undefined;
      else if (name === "@keys") node = node.name === "map" ? MAP_KEY : undefined;
      else node = node.name === "object" ? node.fields?.get(name)?.type : undefined;
    }
    return node;
  }

  /**
   * cel-go's size of a node (checker/cost.go computeSize): a literal's, a computed result size, the
   * Kubernetes estimate of its path, 1 for a scalar type, else unknown (math.MaxUint64). `record` notes
   * the unbounded schema sizes it depends on.
   */
  celSize(t: Typed, record = true): number {
    if (t.literalSize !== undefined) return t.literalSize;
    if (t.computedSize !== undefined) return t.computedSize;
    const node = this.pathNode(t.path);
    if (node !== undefined) return record ? this.size(node) : node.maxElements;
    if (SCALARS.has(t.type.name) || (t.type.name === "optional" && SCALARS.has(t.type.element?.name ?? ""))) return 1;
    return UNKNOWN_SIZE;
  }

  /** An operand as the cost model sees it; sizes are noted as used only when the model reads them. */
  private operand(t: Typed): SizedOperand {
    const sizes = (record: boolean) => this.celSize(t, record);
    // Kubernetes listElementNode: the element of a list with a path is estimated by the path, else unknown.
    const elementSize = () => {
      const node = t.path === undefined ? undefined : this.pathNode([...t.path, "@items"]);
      return node === undefined ? UNKNOWN_SIZE : this.size(node);
    };
    return {
      typeName: t.type.name,
      get size() {
        return sizes(true);
      },
      peekSize: sizes(false),
      get elementSize() {
        return elementSize();
      },
      elementTypeName: t.type.element?.name,
      constant: t.constant,
      intConstant: t.intConstant,
    };
  }

  private check(reference: Expr): Typed {
    // Macro calls in the source info refer to nested macros by id only.
    const expr = reference.exprKind.case === undefined ? (this.byId.get(reference.id) ?? reference) : reference;
    const kind = expr.exprKind;
    switch (kind.case) {
      case "constExpr":
        return this.checkConstant(kind.value);
      case "identExpr":
        return this.checkIdent(expr, kind.value.name);
      case "selectExpr": {
        const name = qualifiedName(expr);
        if (name !== undefined && this.isUnresolvedName(name)) return this.checkIdent(expr, name);
        if (kind.value.operand === undefined) return { type: DYN, cost: 0 };
        const operand = this.check(kind.value.operand);
        // has() of a field of an optional too (cel-go evalTestOnly): false for none, else the presence test.
        if (operand.type.name === "optional") this.optionalOperands.add(expr.id);
        const field = this.selectField(expr, operand.type, kind.value.field);
        const cost = operand.cost + selectCost(operand.type, kind.value.testOnly);
        if (kind.value.testOnly) return { type: simpleType("bool"), cost };
        // checker/cost.go costSelect: the operand's path (none: an empty one) and the field.
        return { type: field, cost, path: pathWithin(operand, kind.value.field) };
      }
      case "callExpr":
        if (kind.value.function === OPT_SELECT) return this.checkOptSelect(expr, kind.value.args);
        if ((kind.value.function === "optMap" || kind.value.function === "optFlatMap") && kind.value.target !== undefined && kind.value.args.length === 2) {
          return this.checkOptMap(expr, kind.value.function, kind.value.target, kind.value.args);
        }
        return this.checkCall(expr, kind.value.function, kind.value.target, kind.value.args);
      case "listExpr": {
        const optionalIndices = new Set(kind.value.optionalIndices);
        const elements = kind.value.elements.map((e, i) => (optionalIndices.has(i) ? this.unwrapOptionalEntry(e) : this.check(e)));
        const element = elements.reduce<DeclType | undefined>((acc, e) => (acc === undefined ? e.type : commonType(acc, e.type) ?? DYN), undefined);
        const entrySize = Math.max(0, ...elements.map((e) => this.celSize(e, false)));
        return { type: listOf(element ?? DYN, elements.length), cost: LIST_CREATE + sum(elements.map((e) => e.cost)), literalSize: elements.length, entrySize };
      }
      case "structExpr": {
        if (kind.value.messageName !== "") {
          return this.report("cel/type", expr, `message construction (${kind.value.messageName}{...}) is not supported in CRD validation rules`);
        }
        let cost = MAP_CREATE;
        let entrySize = 0;
        let key: DeclType | undefined;
        let value: DeclType | undefined;
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case !== "mapKey") continue;
          const k = this.check(entry.keyKind.value);
          const v = entry.value === undefined ? { type: DYN, cost: 0 } : entry.optionalEntry ? this.unwrapOptionalEntry(entry.value) : this.check(entry.value);
          cost += k.cost + v.cost;
          entrySize = Math.max(entrySize, this.celSize(v, false));
          key = key === undefined ? k.type : commonType(key, k.type) ?? DYN;
          value = value === undefined ? v.type : commonType(value, v.type) ?? DYN;
        }
        const type = mapOf(value ?? DYN, kind.value.entries.length);
        type.key = key ?? DYN;
        return { type, cost, literalSize: kind.value.entries.length, entrySize };
      }
      case "comprehensionExpr": {
        const macro = this.macros[expr.id.toString()];
        if (macro?.exprKind.case === "callExpr") return this.checkMacro(expr, macro.exprKind.value.function, macro.exprKind.value.target, macro.exprKind.value.args);
        return this.report("cel/type", expr, "unsupported comprehension");
      }
      default:
        return { type: DYN, cost: 0 };
    }
  }

  private checkConstant(c: Constant): Typed {
    const names: Record<string, DeclTypeName> = {
      boolValue: "bool", int64Value: "int", uint64Value: "uint", doubleValue: "double", stringValue: "string",
      bytesValue: "bytes", nullValue: "null_type", durationValue: "duration", timestampValue: "timestamp",
    };
    const name = names[c.constantKind.case ?? ""] ?? "dyn";
    if (c.constantKind.case === "stringValue") {
      const text = c.constantKind.value;
      return { type: { ...simpleType("string", text.length), bounded: true }, cost: 0, constant: text, literalSize: [...text].length };
    }
    if (c.constantKind.case === "int64Value") return { type: simpleType("int"), cost: 0, intConstant: c.constantKind.value, literalSize: 1 };
    if (c.constantKind.case === "bytesValue") return { type: { ...simpleType("bytes", c.constantKind.value.length), bounded: true }, cost: 0, literalSize: c.constantKind.value.length };
    // checker/cost.go computeExprSize: bool, double, duration, int, timestamp, uint and null literals are of size 1.
    return { type: simpleType(name), cost: 0, literalSize: 1 };
  }

  private lookup(name: string): Local | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i].get(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  private isUnresolvedName(name: string): boolean {
    const root = name.split(".")[0];
    return this.lookup(root) === undefined && !this.variables.has(root);
  }

  private checkIdent(expr: Expr, name: string): Typed {
    const local = this.lookup(name);
    if (local !== undefined) return { type: local.type, cost: 1, path: local.path };
    const variable = this.variables.get(name);
    if (variable !== undefined) {
      this.used.add(name);
      return { type: variable, cost: 1, path: [name] };
    }
    if (TYPE_NAMES.has(name)) return { type: simpleType("type"), cost: 0 };
    return this.report("cel/type", expr, `undeclared reference to '${name}' (in container '')`);
  }

  private selectField(expr: Expr, operand: DeclType, field: string): DeclType {
    // cel-go checker.checkSelectField: a field of an optional is selected on its value, optionally.
    if (operand.name === "optional") return optionalType(this.selectField(expr, operand.element ?? DYN, field));
    switch (operand.name) {
      case "object": {
        const f = operand.fields?.get(field);
        if (f === undefined) {
          this.report("cel/unknown-field", expr, `undefined field '${field}'`);
          return DYN;
        }
        return f.type;
      }
      case "map":
        return operand.element ?? DYN;
      case "dyn":
        return DYN;
      default:
        this.report("cel/type", expr, `type '${typeToString(operand)}' does not support field selection`);
        return DYN;
    }
  }

  private checkCall(expr: Expr, fn: string, target: Expr | undefined, args: Expr[]): Typed {
    // `sets.contains(a, b)` parses as a member call on the identifier `sets`.
    const namespace = target !== undefined ? qualifiedName(target) : undefined;
    if (namespace !== undefined && this.isUnresolvedName(namespace)) return this.checkCall(expr, `${namespace}.${fn}`, undefined, args);
    if (isTwoVarMacro(fn, target, args)) return this.checkTwoVar(expr, fn, target!, args);
    if (fn === "sortBy" && target !== undefined && args.length === 2 && identName(args[0]) !== undefined) {
      const sortByNeeds = versionNeeded(fn, this.version);
      if (sortByNeeds === undefined) return this.checkSortBy(target, identName(args[0])!, args[1]);
      this.check(target);
      return this.report("cel/kubernetes-version", expr, `undeclared reference to '${fn}' (in container ''): ${fn} needs Kubernetes ${sortByNeeds}, kubernetes_version is ${this.version}`);
    }
    const needed = versionNeeded(fn, this.version);
    if (needed !== undefined) {
      // Operands first, so that the innermost call a version lacks is named first, as cel-go does.
      if (target !== undefined) this.check(target);
      for (const a of args) this.check(a);
      // cel-go's text for a function the environment of that Kubernetes version does not declare.
      return this.report("cel/kubernetes-version", expr, `undeclared reference to '${fn}' (in container ''): ${fn} needs Kubernetes ${needed}, kubernetes_version is ${this.version}`);
    }
    if (UNSUPPORTED_FUNCTIONS.has(fn) || (target !== undefined && ["all", "exists", "exists_one", "map", "filter"].includes(fn))) {
      const what = UNSUPPORTED_FUNCTIONS.has(fn) ? `function ${fn}` : `function ${fn} with ${args.length} arguments`;
      return this.report("cel/unsupported-function", expr, `${what} is not supported by protoc-gen-crd-ts`);
    }
    const overloads = OVERLOADS[fn];
    if (overloads === undefined) {
      return this.report("cel/unsupported-function", expr, `undeclared reference to '${fn}' (in container '')`);
    }
    const t = target === undefined ? undefined : this.check(target);
    const a = args.map((e) => this.check(e));
    const cost = (t?.cost ?? 0) + sum(a.map((x) => x.cost));
    const resolved = resolveOverload(overloads, t?.type, a.map((x) => x.type));
    if ((fn === "_[_]" || fn === OPT_INDEX) && a[0]?.type.name === "optional") this.optionalOperands.add(expr.id);
    if (resolved === undefined) {
      const shown = fn;
      const argText = `(${a.map((x) => typeToString(x.type)).join(", ")})`;
      const applied = t === undefined ? argText : `${typeToString(t.type)}.${argText}`;
      return this.report("cel/type", expr, `found no matching overload for '${shown}' applied to '${applied}'`);
    }
    if ((fn === "matches" || fn === "find" || fn === "findAll") && a[0]?.constant !== undefined) {
      try {
        re2ToRegExp(a[0].constant);
      } catch (e) {
        if (e instanceof RegexError) this.report("cel/type", args[0], e.message);
      }
    }
    if (fn === "matches" && target === undefined && a[1]?.constant !== undefined) {
      try {
        re2ToRegExp(a[1].constant);
      } catch (e) {
        if (e instanceof RegexError) this.report("cel/type", args[1], e.message);
      }
    }
    const listsExt = listsExtCallCost(fn, t?.type, a, () => (t === undefined ? 0 : this.celSize(t)));
    if (listsExt !== undefined) {
      return { type: { ...resolved, maxElements: listsExt.resultSize, bounded: t?.type.bounded ?? true, origin: t?.type.origin }, cost: cost + listsExt.cost, computedSize: listsExt.resultSize };
    }
    const type = this.sizedResult(fn, resolved, t?.type, a);
    if (fn === "_?_:_" && a.length === 3) {
      // checker/cost.go Conditional: the condition and the dearer branch; the result size is the larger.
      return { type, cost: a[0].cost + Math.max(a[1].cost, a[2].cost), computedSize: Math.max(this.celSize(a[1]), this.celSize(a[2])) };
    }
    // checker/cost.go maybeUnwrapDynCall: dyn(x) costs 1 and has x's size.
    if (fn === "dyn" && a.length === 1) return { type, cost: cost + 1, computedSize: this.celSize(a[0]) };
    const estimate = callCost(fn, t === undefined ? undefined : this.operand(t), a.map((x) => this.operand(x)));
    const result: Typed = { type, cost: cost + estimate.cost, computedSize: estimate.resultSize };
    if (fn === "_[_]" && (a[0]?.type.name === "list" || a[0]?.type.name === "map")) {
      // checker/cost.go costCall, IndexList/IndexMap: the size of a literal's entries, else the path's.
      result.path = pathWithin(a[0], a[0].type.name === "list" ? "@items" : "@values");
      result.computedSize = a[0].entrySize;
    }
    return result;
  }

  /** `a.?f` (cel-go checker.checkOptSelect): optional(T) of the field's type T. */
  private checkOptSelect(expr: Expr, args: Expr[]): Typed {
    const operand = this.check(args[0]);
    const field = args[1]?.exprKind.case === "constExpr" && args[1].exprKind.value.constantKind.case === "stringValue" ? args[1].exprKind.value.constantKind.value : "";
    if (operand.type.name === "optional") this.optionalOperands.add(expr.id);
    const type = this.selectField(expr, operand.type, field);
    return { type: type.name === "optional" ? type : optionalType(type), cost: operand.cost + 1 };
  }

  /** `[?x]` and `{?k: x}` (cel-go checker.checkCreateList/checkCreateMap): x must be an optional. */
  private unwrapOptionalEntry(e: Expr): Typed {
    const value = this.check(e);
    if (value.type.name === "optional") return { ...value, type: value.type.element ?? DYN };
    if (value.type.name !== "dyn") this.report("cel/type", e, `expected type '${typeToString(optionalType(value.type))}' but found '${typeToString(value.type)}'`);
    return value;
  }

  /**
   * `o.optMap(v, e)` / `o.optFlatMap(v, e)`: cel-go's macros (cel/library.go optMap, optFlatMap) expand to
   * `o.hasValue() ? optional.of(e with v = o.value()) : optional.none()` (optFlatMap without optional.of).
   */
  private checkOptMap(expr: Expr, fn: string, target: Expr, args: Expr[]): Typed {
    const needed = versionNeeded(fn, this.version);
    if (needed !== undefined) {
      this.check(target);
      return this.report("cel/kubernetes-version", expr, `undeclared reference to '${fn}' (in container ''): ${fn} needs Kubernetes ${needed}, kubernetes_version is ${this.version}`);
    }
    if (args[0].exprKind.case !== "identExpr") return this.report("cel/parse", args[0], `${fn}() variable name must be a simple identifier`);
    const o = this.check(target);
    if (o.type.name !== "optional" && o.type.name !== "dyn") return this.report("cel/type", expr, `found no matching overload for 'hasValue' applied to '${typeToString(o.type)}.()'`);
    // Bound to `o.value()`, a call: no path (checker/cost.go pushLocalVar).
    this.scopes.push(new Map([[args[0].exprKind.value.name, { type: o.type.element ?? DYN }]]));
    const body = this.check(args[1]);
    this.scopes.pop();
    const cost = optMapCost(fn as "optMap" | "optFlatMap", o.cost, body.cost);
    if (fn === "optMap") return { type: optionalType(body.type), cost };
    if (body.type.name !== "optional" && body.type.name !== "dyn") {
      return this.report("cel/type", expr, `found no matching overload for '_?_:_' applied to '(bool, ${typeToString(body.type)}, optional_type(dyn))'`);
    }
    return { type: body.type, cost };
  }

  /** Result sizes the estimator carries on (string concatenation, list concatenation, split, ...). */
  private sizedResult(fn: string, result: DeclType, target: DeclType | undefined, args: Typed[]): DeclType {
    const both = (x: DeclType, y: DeclType): DeclType => ({ ...result, maxElements: x.maxElements + y.maxElements, bounded: x.bounded && y.bounded, origin: x.bounded ? y.origin : x.origin });
    if (fn === "_+_" && (result.name === "string" || result.name === "bytes" || result.name === "list")) return both(args[0].type, args[1].type);
    if (target !== undefined && ["split", "findAll", "replace", "lowerAscii", "upperAscii", "trim", "substring"].includes(fn)) {
      return { ...result, maxElements: target.maxElements * (fn === "replace" ? Math.max(1, args[1]?.type.maxElements ?? 1) : 1), bounded: target.bounded, origin: target.origin };
    }
    if (target !== undefined && fn === "join") {
      const element = target.element ?? DYN;
      return { ...result, maxElements: target.maxElements * (element.maxElements + (args[0]?.type.maxElements ?? 0)), bounded: target.bounded && element.bounded, origin: target.bounded ? element.origin : target.origin };
    }
    if (fn === "_[_]" || fn === "_?_:_" || ["sum", "min", "max"].includes(fn)) return result;
    if (result.name === "string" || result.name === "list" || result.name === "map" || result.name === "bytes") {
      return result.maxElements === 0 && !result.bounded ? { ...result, maxElements: 0, bounded: true } : result;
    }
    return result;
  }

  /** The element type a comprehension over `range` binds, with its key (index) type; undefined if not iterable. */
  private rangeTypes(range: DeclType): [DeclType, DeclType] | undefined {
    if (range.name === "list") return [simpleType("int"), range.element ?? DYN];
    if (range.name === "map") return [range.key ?? simpleType("string"), range.element ?? DYN];
    if (range.name === "dyn") return [DYN, DYN];
    return undefined;
  }

  /** cel-go ext/comprehensions.go: all/exists/existsOne(k, v, p), transformList/Map/MapEntry(k, v, [filter,] t). */
  private checkTwoVar(expr: Expr, fn: string, target: Expr, args: Expr[]): Typed {
    const needed = versionNeeded(fn.startsWith("transform") ? fn : `${fn}(k, v)`, this.version);
    if (needed !== undefined) {
      this.check(target);
      return this.report("cel/kubernetes-version", expr, `undeclared reference to '${fn}' (in container ''): ${fn} with two variables needs Kubernetes ${needed}, kubernetes_version is ${this.version}`);
    }
    const [k, v] = [identName(args[0]), identName(args[1])];
    if (k === undefined) return this.report("cel/type", args[0], "argument must be a simple name");
    if (v === undefined) return this.report("cel/type", args[1], "argument must be a simple name");
    if (k === v) return this.report("cel/type", args[1], `duplicate variable name: ${k}`);
    for (const [name, arg] of [[k, args[0]], [v, args[1]]] as const) {
      if (name === "__result__" || name === "@result") return this.report("cel/type", arg, "iteration variable overwrites accumulator variable");
    }
    const range = this.check(target);
    const types = this.rangeTypes(range.type);
    if (types === undefined) {
      return this.report("cel/type", target, `expression of type '${typeToString(range.type)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
    }
    // checker/cost.go pushIterKey/pushIterValue: the range's path and @indices/@items or @keys/@values.
    const isList = range.type.name === "list";
    this.scopes.push(new Map([[k, { type: types[0], path: pathWithin(range, isList ? "@indices" : "@keys") }], [v, { type: types[1], path: pathWithin(range, isList ? "@items" : "@values") }]]));
    const body = args.slice(2).map((e) => this.check(e));
    this.scopes.pop();
    const iterations = this.celSize(range);
    const cost = comprehensionMacroCost(fn, true, range.cost, iterations, body.map((b) => b.cost)) ?? 0;
    const predicates = fn.startsWith("transform") ? body.slice(0, -1) : body;
    for (const [i, p] of predicates.entries()) {
      if (p.type.name !== "bool" && p.type.name !== "dyn") this.report("cel/type", args[i + 2], `expected type 'bool' but found '${typeToString(p.type)}'`);
    }
    const sized = (t: DeclType): DeclType => ({ ...t, maxElements: range.type.maxElements, bounded: range.type.bounded, origin: range.type.origin });
    const transform = body[body.length - 1].type;
    switch (fn) {
      case "transformList":
        return { type: sized(listOf(transform)), cost, computedSize: iterations };
      case "transformMap":
        return { type: sized({ ...mapOf(transform), key: types[0] }), cost, computedSize: iterations };
      case "transformMapEntry":
        if (transform.name !== "map" && transform.name !== "dyn") {
          return this.report("cel/type", args[args.length - 1], `found no matching overload for 'cel.@mapInsert' applied to '(map(${typeToString(types[0])}, dyn), ${typeToString(transform)})'`);
        }
        return { type: sized({ ...mapOf(transform.element ?? DYN), key: transform.key ?? DYN }), cost, computedSize: iterations };
      default:
        return { type: simpleType("bool"), cost };
    }
  }

  /** cel-go ext/lists.go sortByMacro: the key list is a map() over the target, sorted by @sortByAssociatedKeys. */
  private checkSortBy(target: Expr, iterVar: string, keyExpr: Expr): Typed {
    const list = this.check(target);
    if (list.type.name !== "list" && list.type.name !== "dyn") {
      return this.report("cel/type", target, `found no matching overload for 'sortBy' applied to '${typeToString(list.type)}'`);
    }
    // The map() ranges over @__sortBy_input__, bound to the target: the target's path and @items.
    this.scopes.push(new Map([[iterVar, { type: list.type.element ?? DYN, path: pathWithin(list, "@items") }]]));
    const key = this.check(keyExpr);
    this.scopes.pop();
    if (!["int", "uint", "double", "bool", "string", "bytes", "timestamp", "duration", "dyn"].includes(key.type.name)) {
      return this.report("cel/type", keyExpr, `found no matching overload for '@sortByAssociatedKeys' applied to '${typeToString(list.type)}.(list(${typeToString(key.type)}))'`);
    }
    const n = this.celSize(list);
    return { type: { ...list.type, maxElements: n * n }, cost: sortByCost(list.cost, n, key.cost, sortFactor(key.type)), computedSize: multiply(n, n) };
  }

  private checkMacro(expr: Expr, fn: string, target: Expr | undefined, args: Expr[]): Typed {
    if (target === undefined) return this.report("cel/type", expr, `unsupported macro ${fn}`);
    const macroNeeds = versionNeeded(fn, this.version);
    if (macroNeeds !== undefined) return this.report("cel/kubernetes-version", expr, `undeclared reference to '${fn}' (in container ''): ${fn} needs Kubernetes ${macroNeeds}, kubernetes_version is ${this.version}`);
    const range = this.check(target);
    const iterVar = args[0]?.exprKind.case === "identExpr" ? args[0].exprKind.value.name : "";
    let element: DeclType;
    switch (range.type.name) {
      case "list":
        element = range.type.element ?? DYN;
        break;
      case "map":
        element = range.type.key ?? simpleType("string");
        break;
      case "dyn":
        element = DYN;
        break;
      default:
        return this.report("cel/type", target, `expression of type '${typeToString(range.type)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
    }
    const iterations = this.celSize(range);
    // checker/cost.go pushIterSingle: the range's path and @items (a list) or @keys.
    this.scopes.push(new Map([[iterVar, { type: element, path: pathWithin(range, range.type.name === "list" ? "@items" : "@keys") }]]));
    const body = args.slice(1).map((e) => this.check(e));
    this.scopes.pop();
    const cost = comprehensionMacroCost(fn, false, range.cost, iterations, body.map((b) => b.cost)) ?? 0;
    const predicate = fn === "map" ? body.slice(0, -1) : body;
    for (const [i, p] of predicate.entries()) {
      if (p.type.name !== "bool" && p.type.name !== "dyn") {
        this.report("cel/type", args[i + 1], `expected type 'bool' but found '${typeToString(p.type)}'`);
      }
    }
    switch (fn) {
      case "all":
      case "exists":
      case "exists_one":
      case "existsOne":
        return { type: simpleType("bool"), cost };
      case "map":
        return { type: { ...listOf(body[body.length - 1]?.type ?? DYN, range.type.maxElements), bounded: range.type.bounded, origin: range.type.origin }, cost, computedSize: iterations };
      case "filter":
        return { type: { ...listOf(element, range.type.maxElements), bounded: range.type.bounded, origin: range.type.origin }, cost, computedSize: iterations };
      default:
        return this.report("cel/unsupported-function", expr, `macro ${fn} is not supported by protoc-gen-crd-ts`);
    }
  }
}

function indexById(expr: Expr, index: Map<bigint, Expr>): void {
  index.set(expr.id, expr);
  const kind = expr.exprKind;
  const children: (Expr | undefined)[] = [];
  switch (kind.case) {
    case "selectExpr":
      children.push(kind.value.operand);
      break;
    case "callExpr":
      children.push(kind.value.target, ...kind.value.args);
      break;
    case "listExpr":
      children.push(...kind.value.elements);
      break;
    case "structExpr":
      for (const e of kind.value.entries) children.push(e.keyKind.case === "mapKey" ? e.keyKind.value : undefined, e.value);
      break;
    case "comprehensionExpr":
      children.push(kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result);
      break;
  }
  for (const child of children) if (child !== undefined) indexById(child, index);
}

/** `a.b.c` for a chain of selects on an identifier, else undefined. */
export function qualifiedName(expr: Expr): string | undefined {
  if (expr.exprKind.case === "identExpr") return expr.exprKind.value.name;
  if (expr.exprKind.case === "selectExpr" && !expr.exprKind.value.testOnly && expr.exprKind.value.operand !== undefined) {
    const operand = qualifiedName(expr.exprKind.value.operand);
    return operand === undefined ? undefined : `${operand}.${expr.exprKind.value.field}`;
  }
  return undefined;
}

/**
 * cel-go checker/cost.go costSelect: has() costs only its operand, since Kubernetes turns the presence
 * test's cost off (k8s.io/apiserver/pkg/cel/environment/base.go, every version:
 * cel.CostEstimatorOptions(checker.PresenceTestHasCost(false)); runtime-cost.ts does the same at run
 * time); a field select costs 1 on a map or an object (MapKind, StructKind) and nothing on a dyn or an
 * optional (an opaque type).
 */
function selectCost(operand: DeclType, testOnly: boolean): number {
  if (testOnly) return 0;
  return operand.name === "map" || operand.name === "object" ? 1 : 0;
}

/** The path Kubernetes' size estimator follows one step below `t` (none above it: an empty one). */
function pathWithin(t: Typed, step: string): string[] {
  return [...(t.path ?? []), step];
}

function optionalType(element: DeclType): DeclType {
  return { ...simpleType("optional"), element };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

