// Code-writer state shared by the validator emitters: fresh identifiers, module-level constants, the
// emitted functions and the runtime names the generated module has to import. Type annotations are
// marked with `annotation`/`typeOnly` (shared/printer.ts), so the JavaScript output drops them.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { annotation } from "../shared/printer.js";
import type { FieldPath } from "./paths.js";

export type Lines = string[];

export class CodeWriter {
  /** Module-level constants: patterns, formats, enums, compiled CEL rules. */
  readonly constants: string[] = [];
  /** One function per object or list node. */
  readonly functions: string[] = [];
  /** Runtime exports the code uses (imported from protoc-gen-crd-ts). */
  readonly runtime = new Set<string>(["ValidationContext"]);
  usesCel = false;
  private readonly taken = new Set<string>();
  private readonly patterns = new Map<string, string>();
  private readonly formats = new Map<string, string>();

  constructor(reserved: Iterable<string>) {
    for (const name of reserved) this.taken.add(name);
  }

  /** A fresh identifier close to `ideal`. */
  identifier(ideal: string): string {
    const base = ideal.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(?=\d)/, "_");
    for (let i = 0; ; i++) {
      const name = i === 0 ? base : `${base}_${i}`;
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }

  /** A module-level `const` named after `hint`, of type `type` when given; returns its name. */
  constant(hint: string, value: string, type?: string, comment = ""): string {
    const name = this.identifier(hint);
    this.constants.push(`const ${name}${type === undefined ? "" : annotation(type)} = ${value};${comment}`);
    return name;
  }

  /** The shared tester of a regular expression (one constant per distinct pattern). */
  pattern(pattern: string, hint: string, note: string): string {
    let name = this.patterns.get(pattern);
    if (name === undefined) {
      this.runtime.add("patternTest");
      name = this.identifier(`${constantBase(hint)}_pattern`);
      this.constants.push(`const ${name} = patternTest(${JSON.stringify(pattern)});${note}`);
      this.patterns.set(pattern, name);
    }
    return name;
  }

  /** The shared tester of a string format (one constant per format). */
  format(format: string): string {
    let name = this.formats.get(format);
    if (name === undefined) {
      this.runtime.add("formatTest");
      this.runtime.add("FormatTest");
      name = this.identifier(`format_${format}`);
      this.constants.push(`const ${name}${annotation("FormatTest")} = formatTest(${JSON.stringify(format)}) ?? (() => true);`);
      this.formats.set(format, name);
    }
    return name;
  }

  /** Reads an own property: plain `x.name` unless the name exists on Object.prototype. */
  access(object: string, key: string): string {
    if (key in Object.prototype || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
      if (key in Object.prototype) {
        this.runtime.add("own");
        return `own(${object}, ${JSON.stringify(key)})`;
      }
      return `${object}[${JSON.stringify(key)}]`;
    }
    return `${object}.${key}`;
  }
}

/** `checkHealthEvent_spec_nodeName` → `HealthEvent_spec_nodeName`: constants are named after the node. */
export function constantBase(hint: string): string {
  return hint.replace(/^check/, "");
}

/**
 * What the object, list and junctor emitters call back into (implemented by ValidatorCompiler in node.ts):
 * they receive it as a parameter instead of importing node.ts, so the emitters form no import cycle.
 */
export interface NodeCompiler extends CodeWriter {
  needsOld(schema: JSONSchemaProps | undefined): boolean;
  valueChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines;
  untypedChecks(schema: JSONSchemaProps, v: string, path: FieldPath, old: string | undefined, hint: string, indent: string): Lines;
  celChecks(schema: JSONSchemaProps, v: string, P: string, old: string | undefined, hint: string, indent: string): Lines;
  callNode(fn: string, v: string, path: FieldPath, old: string | undefined): string;
  signature(name: string, valueType: string, path: FieldPath, old: boolean): string;
}
