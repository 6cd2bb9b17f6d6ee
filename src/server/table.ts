// meta.k8s.io/v1 Table responses, as the apiserver's custom resource table convertor builds them
// (apiextensions-apiserver/pkg/registry/customresource/tableconvertor) so kubectl prints printer columns.
import { parseSimpleJsonPath, type PathStep } from "../check/simple-json-path.js";
import type { PrinterColumn } from "../schema/kubernetes.js";
import { isJsonObject, type JsonObject } from "./json-values.js";

const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const CREATED_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export type IncludeObject = "None" | "Metadata" | "Object";

interface Column {
  definition: { name: string; type: string; format: string; description: string; priority: number };
  cell(object: JsonObject, now: number): unknown;
}

/** Values a simple JSONPath selects; undefined when the path is missing or not simple. */
export function valueAtPath(object: unknown, steps: readonly PathStep[] | undefined): unknown {
  if (!steps) return undefined;
  let node: unknown = object;
  for (const step of steps) {
    if ("index" in step) node = Array.isArray(node) ? node[step.index] : undefined;
    else node = isJsonObject(node) ? node[step.field] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.trunc(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.trunc(days / 365)}y${days % 365}d`;
  return `${Math.trunc(days / 365)}y`;
}

function dateCell(value: unknown, now: number): unknown {
  if (typeof value !== "string") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? "<invalid>" : humanDuration(now - time);
}

function typedCell(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "string":
      return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    case "date":
      return dateCell(value, now);
    default:
      return null;
  }
}

const NAME_COLUMN: Column = {
  definition: { name: "Name", type: "string", format: "name", description: NAME_DESCRIPTION, priority: 0 },
  cell: (object) => (object.metadata as JsonObject).name,
};

export function columnsFor(printerColumns: readonly PrinterColumn[] | undefined): Column[] {
  if (printerColumns === undefined) {
    // The default convertor of built-in types and CRDs without columns of their own.
    return [
      NAME_COLUMN,
      {
        definition: { name: "Created At", type: "date", format: "", description: CREATED_DESCRIPTION, priority: 0 },
        cell: (object) => {
          const created = (object.metadata as JsonObject).creationTimestamp;
          return typeof created === "string" ? new Date(created).toISOString().replace(/\.\d{3}Z$/, "Z") : null;
        },
      },
    ];
  }
  return [
    NAME_COLUMN,
    ...printerColumns.map((column): Column => {
      const steps = parseSimpleJsonPath(column.jsonPath);
      return {
        definition: {
          name: column.name,
          type: column.type,
          format: column.format ?? "",
          description: column.description ?? `Custom resource definition column (in JSONPath format): ${column.jsonPath}`,
          priority: column.priority ?? 0,
        },
        cell: (object, now) => typedCell(column.type, valueAtPath(object, steps), now),
      };
    }),
  ];
}

function rowObject(object: JsonObject, include: IncludeObject): JsonObject | undefined {
  if (include === "None") return undefined;
  if (include === "Object") return object;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata };
}

export function toTable(
  columns: readonly Column[],
  objects: readonly JsonObject[],
  listMeta: { resourceVersion: string; continue?: string },
  include: IncludeObject,
  noHeaders = false,
): JsonObject {
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    ...(noHeaders ? {} : { columnDefinitions: columns.map((c) => c.definition) }),
    rows: objects.map((object) => {
      const row: JsonObject = { cells: columns.map((c) => c.cell(object, now) ?? null) };
      const included = rowObject(object, include);
      if (included) row.object = included;
      return row;
    }),
  };
}
