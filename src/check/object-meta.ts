// ObjectMeta as seen through a JSONPath: every object has these fields whatever its schema says.
export type MetaFieldKind = "string" | "integer" | "date" | "string-map" | "array";

export const OBJECT_META_FIELDS: Readonly<Record<string, MetaFieldKind>> = {
  name: "string",
  generateName: "string",
  namespace: "string",
  uid: "string",
  resourceVersion: "string",
  selfLink: "string",
  creationTimestamp: "date",
  deletionTimestamp: "date",
  generation: "integer",
  deletionGracePeriodSeconds: "integer",
  labels: "string-map",
  annotations: "string-map",
  ownerReferences: "array",
  finalizers: "array",
  managedFields: "array",
};

/** The root (and every embedded resource) implicitly has these besides what its schema declares. */
export const TYPE_META_FIELDS = new Set(["apiVersion", "kind"]);
