// The shared printer of the TypeScript artifacts. An emitter describes a module once, as TypeScript in
// which type-only text is marked (`typeOnly`), with a declaration for each exported statement; the
// printer writes it for each target as protoc-gen-es does with its own printers: `ts` keeps everything,
// `js` drops the marked text (what tsc erases: annotations, `as` casts, interfaces, type imports), and
// `dts` writes the declarations. No TypeScript compiler is involved.
import type { GeneratorOptions } from "../../plugin/parameters.js";

export type Target = GeneratorOptions["targets"][number];

const OPEN = "\u0001";
const CLOSE = "\u0002";
const MARKED = /\u0001[^\u0002]*\u0002/g;
const MARKS = /[\u0001\u0002]/g;

/** Text that exists only in TypeScript: erased from the JavaScript output. */
export function typeOnly(text: string): string {
  return text === "" ? "" : OPEN + text.replace(MARKS, "") + CLOSE;
}

/** `: T` as a type annotation. */
export function annotation(type: string): string {
  return typeOnly(`: ${type}`);
}

export interface ImportedName {
  name: string;
  /** The local name, when it differs from `name`. */
  local?: string;
  typeOnly: boolean;
}

export interface ImportDeclaration {
  from: string;
  names: ImportedName[];
}

export interface Statement {
  /** TypeScript, type-only parts marked. */
  code: string;
  /** What the .d.ts holds for it (with its doc comment); null: nothing (not exported, or a value only). */
  declaration: string | null;
}

export interface GeneratedModule {
  header: string;
  imports: ImportDeclaration[];
  statements: Statement[];
}

/** A statement that is all type (interface, type alias, `export type … from`): the same text in .ts and .d.ts. */
export function typeStatement(code: string): Statement {
  return { code: typeOnly(code), declaration: code };
}

/** A statement that is not exported: in .ts and .js only. */
export function localStatement(code: string): Statement {
  return { code, declaration: null };
}

/** The file name for `target` of a module written as `<base>.ts`. */
export function fileNameFor(tsName: string, target: Target): string {
  return target === "ts" ? tsName : tsName.replace(/\.ts$/, target === "js" ? ".js" : ".d.ts");
}

export function printModule(module: GeneratedModule, target: Target): string {
  const body: string[] = [];
  for (const statement of module.statements) {
    const text = target === "ts" ? statement.code.replace(MARKS, "") : target === "js" ? statement.code.replace(MARKED, "") : statement.declaration;
    if (text !== null && text.trim() !== "") body.push(text.endsWith("\n") ? text : text + "\n");
  }
  // A .d.ts imports only the names its declarations mention.
  const declared = target === "dts" ? new Set(body.join("").match(/[A-Za-z_$][A-Za-z0-9_$]*/g)) : undefined;
  const imports = module.imports.map((i) => printImport(i, target, declared)).filter((s) => s !== "");
  return [module.header + imports.join(""), ...body].join("\n");
}

function printImport({ from, names }: ImportDeclaration, target: Target, declared: Set<string> | undefined): string {
  const kept = names.filter((n) => (target === "js" ? !n.typeOnly : declared === undefined || declared.has(n.local ?? n.name)));
  if (kept.length === 0) return "";
  const allTypes = target !== "js" && kept.every((n) => n.typeOnly);
  const specifiers = kept.map((n) => `${n.typeOnly && !allTypes && target !== "js" ? "type " : ""}${n.name}${n.local !== undefined && n.local !== n.name ? ` as ${n.local}` : ""}`);
  return `import ${allTypes ? "type " : ""}{ ${specifiers.join(", ")} } from ${JSON.stringify(from)};\n`;
}
