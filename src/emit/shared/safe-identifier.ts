// protoc-gen-es escapes identifiers with @bufbuild/protoplugin's safeIdentifier(). Importing it loads
// protoplugin, which loads the TypeScript compiler (hundreds of milliseconds on every plugin run), so
// the same table is kept here; test/emit/safe-identifier.test.ts compares it with protoplugin's.

/** Names protobuf-es cannot use as identifiers: ECMAScript/TypeScript keywords and its own runtime names. */
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  // ECMAScript 2015 keywords
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new",
  "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
  "with", "yield",
  // ECMAScript 2015 future reserved keywords
  "enum", "implements", "interface", "let", "package", "private", "protected", "public", "static",
  "Object",
  // TypeScript keywords that cannot name types
  "bigint", "number", "boolean", "string", "object",
  // reserved by protobuf-es for its runtime
  "globalThis", "Uint8Array", "Partial",
]);

/** The identifier protoc-gen-es uses for `name`: reserved words get a `$` suffix. */
export function safeIdentifier(name: string): string {
  return RESERVED_IDENTIFIERS.has(name) ? name + "$" : name;
}
