// What `crd-ts breaking` reports: one finding per breaking change, with a stable rule ID.

export type Severity = "error" | "warning";

export interface Finding {
  /** Stable rule ID, e.g. FIELD_REMOVED; listed in RULES. */
  rule: RuleId;
  severity: Severity;
  /** The CRD's metadata.name. */
  crd: string;
  /** The version the change is in, when it is about one version. */
  version?: string;
  /** JSON path inside the object (`.spec.nodeName`, `.spec.errorCode[*]`), when it is about a schema node. */
  path?: string;
  message: string;
  /** The file (or git ref:file) the new CRD was read from, or the old one when the CRD is gone. */
  file: string;
}

/** Every rule with its severity and what it protects. IDs never change once released. */
export const RULES = {
  CRD_REMOVED: { severity: "error", about: "a CRD present in old is missing in new (or its group/plural changed its name)" },
  SCOPE_CHANGED: { severity: "error", about: "Namespaced ↔ Cluster" },
  NAMES_CHANGED: { severity: "error", about: "kind, listKind, plural or singular changed, or a short name or category removed" },
  SUBRESOURCE_REMOVED: { severity: "error", about: "the status or scale subresource of a version was removed" },
  VERSION_REMOVED: { severity: "error", about: "a served or storage version was removed" },
  VERSION_NOT_SERVED: { severity: "error", about: "a served version is no longer served" },
  STORAGE_VERSION_CHANGED: { severity: "error", about: "the storage version changed without a migration note" },
  FIELD_REMOVED: { severity: "error", about: "a property was removed from an object" },
  FIELD_TYPE_CHANGED: { severity: "error", about: "a node's type changed (or a wider type became narrower)" },
  FIELD_BECAME_REQUIRED: { severity: "error", about: "an existing property was added to `required`" },
  NULLABLE_REMOVED: { severity: "error", about: "a nullable node is no longer nullable" },
  UNKNOWN_FIELDS_PRUNED: { severity: "error", about: "x-kubernetes-preserve-unknown-fields was removed: unknown fields are now pruned" },
  ENUM_VALUE_REMOVED: { severity: "error", about: "an enum value was removed, or an enum was added to a node without one" },
  BOUND_NARROWED: { severity: "error", about: "a minimum/maximum, length, item or property bound, or multipleOf, now rejects values it accepted" },
  PATTERN_CHANGED: { severity: "error", about: "a pattern was added or changed" },
  FORMAT_CHANGED: { severity: "error", about: "a format was added or changed" },
  COMBINATOR_CHANGED: { severity: "error", about: "an allOf/anyOf/oneOf/not was added or changed" },
  CEL_RULE_ADDED: { severity: "error", about: "a new x-kubernetes-validations rule that is not a ratchet-safe transition rule" },
  LIST_TYPE_CHANGED: { severity: "error", about: "x-kubernetes-list-type changed" },
  LIST_MAP_KEYS_CHANGED: { severity: "error", about: "x-kubernetes-list-map-keys changed" },
  MAP_TYPE_CHANGED: { severity: "error", about: "x-kubernetes-map-type changed" },
  SELECTABLE_FIELD_REMOVED: { severity: "error", about: "a selectable field was removed: field selectors on it fail" },
  PRINTER_COLUMN_REMOVED: { severity: "warning", about: "a printer column was removed" },
} as const satisfies Record<string, { severity: Severity; about: string }>;

export type RuleId = keyof typeof RULES;

/** Where a finding is: the CRD, the file, and optionally the version and path. */
export interface Place {
  crd: string;
  file: string;
  version?: string;
  path?: string;
}

export function finding(rule: RuleId, place: Place, message: string): Finding {
  const f: Finding = { rule, severity: RULES[rule].severity, crd: place.crd, message, file: place.file };
  if (place.version !== undefined) f.version = place.version;
  if (place.path !== undefined) f.path = place.path;
  return f;
}
