// The Kubernetes format CEL library (k8s.io/apiserver/pkg/cel/library/format.go, Kubernetes 1.31+):
// format.<name>() and format.named(name) give a format; <format>.validate(s) is optional.none() when s
// is valid, else optional.of(the validation messages).
import { celFunc, celList, celMethod, CelScalar, listType, mapType, type CelFunc, type CelValue } from "@bufbuild/cel";
import { dns1035LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from "../../crd-eval/object-meta.js";
import { formatTest } from "../../validation/formats.js";
import { unwrap, wrapOpaque, type OpaqueValue } from "./opaque.js";
import { parseURL } from "./url.js";

const { STRING, DYN } = CelScalar;
const OPAQUE = mapType(DYN, DYN);
const LIST = listType(DYN);
export const FORMAT_TYPE = "kubernetes.NamedFormat";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** maskTrailingDash of apimachinery's validation: a trailing dash replaces the last two characters with "a". */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

/** validation.IsDNS1123Label. */
function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (Buffer.byteLength(value) > 63) errors.push("must be no more than 63 characters");
  if (!DNS1123_LABEL.test(value)) errors.push(DNS1123_LABEL_MESSAGE);
  return errors;
}

function strfmt(format: string, message: string): (s: string) => string[] {
  const test = formatTest(format)!;
  return (s) => (test(s) ? [] : [message]);
}

/** ConstantFormats of format.go: the validation function behind each name. */
const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => dns1123LabelErrors(s),
  dns1123Subdomain: (s) => dns1123SubdomainErrors(s),
  dns1035Label: (s) => dns1035LabelErrors(s),
  qualifiedName: (s) => qualifiedNameErrors(s),
  dns1123LabelPrefix: (s) => dns1123LabelErrors(maskTrailingDash(s)),
  dns1123SubdomainPrefix: (s) => dns1123SubdomainErrors(maskTrailingDash(s)),
  dns1035LabelPrefix: (s) => dns1035LabelErrors(maskTrailingDash(s)),
  labelValue: (s) => labelValueErrors(s),
  uri: (s) => {
    try {
      parseURL(s, true);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  },
  uuid: strfmt("uuid", "does not match the UUID format"),
  byte: strfmt("byte", "invalid base64"),
  date: strfmt("date", "invalid date"),
  datetime: strfmt("date-time", "invalid datetime"),
};

export const FORMAT_NAMES = Object.keys(FORMATS);

class NamedFormat implements OpaqueValue {
  readonly typeName = FORMAT_TYPE;
  constructor(readonly name: string) {}
  equalityKey(): string {
    return this.name;
  }
}

export const FORMAT_FUNCTIONS: CelFunc[] = [
  ...FORMAT_NAMES.map((name) => celFunc(`format.${name}`, [], OPAQUE, () => wrapOpaque(new NamedFormat(name)))),
  // An optional travels as a list of at most one element (see optionalOf in ../kubernetes-library.ts).
  celFunc("format.named", [STRING], LIST, (name: string) => celList(Object.hasOwn(FORMATS, name) ? [wrapOpaque(new NamedFormat(name))] : [])),
  celMethod("validate", OPAQUE, [STRING], LIST, function (this: CelValue, s: string) {
    const errors = FORMATS[unwrap<NamedFormat>(this, FORMAT_TYPE).name](s);
    return celList(errors.length === 0 ? [] : [celList(errors)]);
  }),
];
