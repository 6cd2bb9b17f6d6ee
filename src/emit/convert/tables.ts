// The converters module's tables: for each message a resource reaches, CR property → field number, and
// where the CRD decides more than the descriptor says, `{ field, required, allowed }`. The runtime
// (src/conversion/plan.ts) derives everything else; the plan it would derive is checked here against the
// model, so a table never says less than the CRD decided.
import { allEnumValues, DEFAULT_POLICIES, messagePlan, type ValuePlan } from "../../conversion/plan.js";
import type { AllowedValue, ConverterPolicies, FieldPolicy, FieldTable, MessageTable } from "../../conversion/tables.js";
import type { ConvertContext } from "./context.js";
import { protobufEsIdentifier } from "../shared/names.js";
import type { MessageShape, PropertyShape, ValueShape } from "../shared/shapes.js";

const WIDTH = 120;

/** The file's policies that are not the runtime's defaults. */
export function policiesFor(ctx: ConvertContext): ConverterPolicies {
  const o = ctx.input.options;
  const all: Required<ConverterPolicies> = { int64: o.int64, enums: o.enums, durations: o.durations, fieldNames: o.fieldNames };
  const result: { [K in keyof ConverterPolicies]: string } = {};
  for (const key of Object.keys(all) as (keyof ConverterPolicies)[]) if (all[key] !== DEFAULT_POLICIES[key]) result[key] = all[key];
  return result as ConverterPolicies;
}

/** `messageConverters([...], policies)`, checked against the model. */
export function tablesExpression(ctx: ConvertContext): string {
  const roots = ctx.shapes.resources.map((r) => r.root).filter((root, i, all) => !ctx.shapes.messages.has(root.desc.typeName) && all.findIndex((r) => r.desc === root.desc) === i);
  const messages = [...roots, ...ctx.shapes.messages.values()];
  const policies = policiesFor(ctx);
  const expanded = new Set(messages.map((m) => m.desc.typeName));
  const lines = messages.map((message) => {
    const table = tableOf(message);
    checkPlan(message, table, expanded, { ...DEFAULT_POLICIES, ...policies });
    return tableLine(message, table[1], ctx);
  });
  const options = Object.keys(policies).length === 0 ? "" : `, { ${Object.entries(policies).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")} }`;
  return `${ctx.runtime("messageConverters")}([\n${lines.join("")}]${options})`;
}

function tableOf(message: MessageShape): MessageTable {
  const fields: { [name: string]: number | FieldPolicy } = {};
  for (const property of message.properties) {
    const allowed = allowedOf(leaf(property.value));
    const policy: FieldPolicy = { field: property.field.number, ...(property.required ? { required: true } : {}), ...(allowed ? { allowed } : {}) };
    Object.defineProperty(fields, property.name, { value: Object.keys(policy).length === 1 ? policy.field : policy, enumerable: true, writable: true, configurable: true });
  }
  return [message.desc, fields, message.preservesUnknown ? { preservesUnknownFields: true } : undefined];
}

function leaf(shape: ValueShape): ValueShape {
  return shape.kind === "list" ? leaf(shape.item) : shape.kind === "map" ? leaf(shape.value) : shape;
}

/** The allowed values a table must list: a scalar's `enum`, or an enum's when it is not every value. */
function allowedOf(shape: ValueShape): readonly AllowedValue[] | undefined {
  if (shape.kind === "scalar") return shape.allowed as AllowedValue[] | undefined;
  if (shape.kind !== "enum") return undefined;
  const all = allEnumValues(shape.desc, shape.as);
  const allowed = shape.allowed as AllowedValue[];
  return allowed.length === all.length && allowed.every((v, i) => v === all[i]) ? undefined : allowed;
}

function tableLine(message: MessageShape, fields: FieldTable, ctx: ConvertContext): string {
  const entries = Object.entries(fields).map(([name, entry]) => `${key(name)}: ${typeof entry === "number" ? entry : policyText(entry, message, name, ctx)}`);
  const head = `  [${ctx.schema(message.desc)}, `;
  const tail = message.preservesUnknown ? `, { preservesUnknownFields: true }],\n` : `],\n`;
  const single = `${head}{ ${entries.join(", ")} }${tail}`;
  if (entries.length === 0) return `${head}{}${tail}`;
  if (single.length <= WIDTH + 1) return single;
  const rows: string[] = [];
  let row = "";
  for (const entry of entries) {
    if (row !== "" && row.length + entry.length + 2 > WIDTH - 4) {
      rows.push(row);
      row = "";
    }
    row += (row === "" ? "" : " ") + entry + ",";
  }
  rows.push(row);
  return `${head}{\n${rows.map((r) => `    ${r}\n`).join("")}  }${tail}`;
}

function policyText(policy: FieldPolicy, message: MessageShape, name: string, ctx: ConvertContext): string {
  const parts = [`field: ${policy.field}`];
  if (policy.required) parts.push("required: true");
  if (policy.allowed) parts.push(`allowed: ${allowedList(policy.allowed, message, name, ctx)}`);
  return `{ ${parts.join(", ")} }`;
}

/** An enum's list is a module-level constant named after the enum; other lists are written in place. */
function allowedList(allowed: readonly AllowedValue[], message: MessageShape, name: string, ctx: ConvertContext): string {
  const text = `[${allowed.map((v) => JSON.stringify(v)).join(", ")}]`;
  const shape = leaf(message.properties.find((p) => p.name === name)!.value);
  if (shape.kind !== "enum") return text;
  return ctx.declare(`allowed:${shape.desc.typeName}:${text}`, `${protobufEsIdentifier(shape.desc)}Values`, (n) =>
    `/** The ${shape.desc.typeName} values the CRD accepts. */\nconst ${n} = ${text};\n`,
  );
}

/** A property key; `__proto__` is computed, so that it defines a property instead of the prototype. */
function key(name: string): string {
  if (name === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The runtime's plan for `table` must be what the model decided, property by property. */
function checkPlan(message: MessageShape, table: MessageTable, expanded: ReadonlySet<string>, policies: Required<ConverterPolicies>): void {
  const plan = messagePlan(table, (typeName) => expanded.has(typeName), policies);
  const fail = (what: string) => {
    throw new Error(`internal: the converter table of ${message.desc.typeName} cannot express ${what}`);
  };
  if (plan.preservesUnknownFields !== message.preservesUnknown) fail("x-kubernetes-preserve-unknown-fields");
  if (plan.properties.length !== message.properties.length) fail("its properties");
  plan.properties.forEach((p, i) => {
    const shape: PropertyShape = message.properties[i];
    if (p.name !== shape.name || p.field !== shape.field || p.required !== shape.required || p.oneof !== shape.oneof) fail(`property ${shape.name}`);
    if (!sameValue(p.value, shape.value, expanded)) fail(`the value of property ${shape.name}`);
  });
}

function sameValue(plan: ValuePlan, shape: ValueShape, expanded: ReadonlySet<string>): boolean {
  switch (shape.kind) {
    case "scalar":
      return plan.kind === "scalar" && plan.scalar === shape.scalar && sameList(plan.allowed, shape.allowed as AllowedValue[] | undefined);
    case "int64":
      return plan.kind === "int64" && plan.unsigned === shape.unsigned && plan.as === shape.as && plan.longAsString === shape.longAsString;
    case "enum":
      return plan.kind === "enum" && plan.desc === shape.desc && plan.as === shape.as && sameList(plan.allowed, shape.allowed as AllowedValue[]);
    case "null_value":
      return plan.kind === "null_value";
    case "message":
      return plan.kind === "message" && plan.desc === shape.desc;
    case "opaque":
      // A message kept opaque at one place is converted by its table when the module has one.
      return (plan.kind === "message" || plan.kind === "opaque") && plan.desc === shape.desc && (plan.kind === "message") === expanded.has(shape.desc.typeName);
    case "wrapper":
      return plan.kind === "wrapper" && plan.typeName === shape.typeName && plan.boxed === shape.boxed && sameValue(plan.inner, { ...shape.inner, node: shape.node } as ValueShape, expanded);
    case "well_known":
      return plan.kind === "well_known" && plan.typeName === shape.typeName && plan.goDuration === (shape.goDuration === true);
    case "list":
      return plan.kind === "list" && sameValue(plan.item, shape.item, expanded);
    case "map":
      return plan.kind === "map" && plan.key === shape.key && sameValue(plan.value, shape.value, expanded);
  }
}

function sameList(a: readonly AllowedValue[] | undefined, b: readonly AllowedValue[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
