// The converters of one generated module: built from its tables (tables.ts), each message's plan compiled
// into closures at its first use and kept, so that a conversion walks no descriptor. Generated
// `to<Kind>`/`from<Kind>` functions call toResource and fromResource.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { ObjectMeta } from "../types/index.js";
import type { CompiledMessage, Fields } from "./compiled.js";
import { expected, type FromOptions, type ToOptions } from "./errors.js";
import { messageReader } from "./from-json.js";
import { checkProperties, objectFromJson } from "./json-shapes.js";
import { DEFAULT_POLICIES, messagePlan } from "./plan.js";
import type { ConverterPolicies, MessageTable } from "./tables.js";
import { messageWriter } from "./to-json.js";

/** The converters of the messages in `tables`, under the file's `policies` (those that are not the default). */
export function messageConverters(tables: readonly MessageTable[], policies: ConverterPolicies = {}): MessageConverters {
  return new MessageConverters(tables, policies);
}

export class MessageConverters {
  private readonly tables: ReadonlyMap<string, MessageTable>;
  private readonly policies: Required<ConverterPolicies>;
  private readonly compiled = new Map<string, Compiled>();

  constructor(tables: readonly MessageTable[], policies: ConverterPolicies = {}) {
    this.tables = new Map(tables.map((table) => [table[0].typeName, table]));
    this.policies = { ...DEFAULT_POLICIES, ...policies };
  }

  /** A custom resource object from a message (its spec, status…) and the object's metadata. */
  toResource<CR>(schema: DescMessage, message: object, apiVersion: string, kind: string, meta: ObjectMeta, options: ToOptions = {}): CR {
    const cr: Fields = { apiVersion, kind, metadata: meta };
    this.message(schema).write(message as Fields, cr, "", options);
    return cr as CR;
  }

  /** The message of a custom resource object; its metadata is not part of the message. */
  fromResource<Desc extends DescMessage>(schema: Desc, cr: unknown, apiVersion: string, kind: string, options: FromOptions = {}): MessageShape<Desc> {
    const json = objectFromJson(cr, "");
    if (json.apiVersion !== apiVersion) expected(JSON.stringify(apiVersion), json.apiVersion, "apiVersion");
    if (json.kind !== kind) expected(JSON.stringify(kind), json.kind, "kind");
    const compiled = this.message(schema);
    if (options.ignoreUnknownFields !== true) checkProperties(json, compiled.resourceProperties, "");
    return compiled.read(json as Fields, "", options) as MessageShape<Desc>;
  }

  /** The compiled converters of a message in the tables, compiled at first use (with the messages it reaches). */
  private message(desc: DescMessage): Compiled {
    let compiled = this.compiled.get(desc.typeName);
    if (compiled === undefined) {
      const table = this.tables.get(desc.typeName);
      if (table === undefined) throw new Error(`protoc-gen-crd-ts: the converters have no table for ${desc.typeName}`);
      // Registered before its fields are compiled, so that a message that contains itself finds it.
      compiled = new Compiled();
      this.compiled.set(desc.typeName, compiled);
      try {
        const plan = messagePlan(table, (typeName) => this.tables.has(typeName), this.policies);
        const resolve = (d: DescMessage) => this.message(d);
        compiled.write = messageWriter(plan, resolve, this.policies.fieldNames === "proto");
        compiled.read = messageReader(plan, resolve);
        compiled.properties = new Set(plan.properties.map((p) => p.name));
        compiled.resourceProperties = new Set(["apiVersion", "kind", "metadata", ...compiled.properties]);
        compiled.checkUnknown = !plan.preservesUnknownFields;
      } catch (e) {
        this.compiled.clear();
        throw e;
      }
    }
    return compiled;
  }
}

class Compiled implements CompiledMessage {
  write!: (message: Fields, json: Fields, path: string, options: ToOptions) => void;
  read!: (json: Fields, path: string, options: FromOptions) => Fields;
  properties!: ReadonlySet<string>;
  /** The properties of a custom resource made from this message. */
  resourceProperties!: ReadonlySet<string>;
  checkUnknown = true;

  toJson(message: Fields, path: string, options: ToOptions): Fields {
    const json: Fields = {};
    this.write(message, json, path, options);
    return json;
  }

  fromJson(value: unknown, path: string, options: FromOptions): Fields {
    const json = objectFromJson(value, path) as Fields;
    // A node that keeps unknown fields accepts properties the message has no field for: they are skipped.
    if (this.checkUnknown && options.ignoreUnknownFields !== true) checkProperties(json, this.properties, path);
    return this.read(json, path, options);
  }
}
