// ValidateObjectMetaAccessor of the apiserver (k8s.io/apimachinery/pkg/api/validation), for the
// fields clients set: name, namespace, labels.
import type { FieldError } from "./status.js";
import { isJsonObject, type JsonObject } from "./json-values.js";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return { type: "FieldValueInvalid", field, body: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

export function dns1123SubdomainMessages(value: string): string[] {
  const messages: string[] = [];
  if (value.length > 253) messages.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(value)) messages.push(DNS1123_SUBDOMAIN_MESSAGE);
  return messages;
}

function labelKeyMessages(key: string): string[] {
  const slash = key.lastIndexOf("/");
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const messages: string[] = [];
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix === "") messages.push("prefix part must be non-empty");
    else messages.push(...dns1123SubdomainMessages(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === "") messages.push("name part must be non-empty");
  else {
    if (name.length > 63) messages.push("name part must be no more than 63 characters");
    if (!QUALIFIED_NAME.test(name)) messages.push(QUALIFIED_NAME_MESSAGE);
  }
  return messages;
}

function labelValueMessages(value: string): string[] {
  const messages: string[] = [];
  if (value.length > 63) messages.push("must be no more than 63 characters");
  if (!LABEL_VALUE.test(value)) messages.push(LABEL_VALUE_MESSAGE);
  return messages;
}

export function validateObjectMeta(object: JsonObject, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const name = typeof metadata.name === "string" ? metadata.name : "";
  if (name === "") {
    errors.push({ type: "FieldValueRequired", field: "metadata.name", body: "Required value: name or generateName is required" });
  } else {
    for (const message of dns1123SubdomainMessages(name)) errors.push(invalidValue("metadata.name", name, message));
  }
  if (namespaced && !metadata.namespace) {
    errors.push({ type: "FieldValueRequired", field: "metadata.namespace", body: "Required value" });
  }
  if (isJsonObject(metadata.labels)) {
    for (const [key, value] of Object.entries(metadata.labels)) {
      for (const message of labelKeyMessages(key)) errors.push(invalidValue("metadata.labels", key, message));
      for (const message of labelValueMessages(String(value))) errors.push(invalidValue("metadata.labels", value, message));
    }
  }
  return errors;
}
