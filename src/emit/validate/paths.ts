// Field paths in generated validators: known at generation time down to the first list or map, then
// built from the index or key, and only when a violation is reported.

type Part = { literal: string } | { expression: string };

/** A path as parts; `expression()` is TypeScript code that evaluates to the path string. */
export class FieldPath {
  private constructor(private readonly parts: readonly Part[]) {}

  static readonly root = new FieldPath([]);

  /** A path held in a variable (a parameter of a generated function). */
  static variable(name: string): FieldPath {
    return new FieldPath([{ expression: name }]);
  }

  /** `spec` + `nodeName` → `spec.nodeName` (no dot at the root). */
  child(name: string): FieldPath {
    return this.append({ literal: this.parts.length === 0 ? name : `.${name}` });
  }

  /** Code for the path of the member named by `variable` (an unknown field's path). */
  memberExpression(variable: string): string {
    if (this.parts.length === 0) return variable;
    return `${this.append({ literal: "." }).expression()} + ${variable}`;
  }

  /** `<path>[<index or key>]`, where `variable` holds the index or key at run time. */
  element(variable: string): FieldPath {
    return this.append({ literal: "[" }).append({ expression: variable }).append({ literal: "]" });
  }

  /** The path as text when it has no run-time parts. */
  get literal(): string | undefined {
    let out = "";
    for (const part of this.parts) {
      if (!("literal" in part)) return undefined;
      out += part.literal;
    }
    return out;
  }

  expression(): string {
    if (this.parts.length === 0) return '""';
    const code = this.parts.map((part) => ("literal" in part ? JSON.stringify(part.literal) : part.expression));
    return code.join(" + ");
  }

  private append(part: Part): FieldPath {
    const last = this.parts[this.parts.length - 1];
    if (last !== undefined && "literal" in last && "literal" in part) {
      return new FieldPath([...this.parts.slice(0, -1), { literal: last.literal + part.literal }]);
    }
    return new FieldPath([...this.parts, part]);
  }
}
