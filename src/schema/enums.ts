// Protobuf enums → schema nodes. The enum policy is applied here and only here.
import { getOption, hasOption, type DescEnum } from "@bufbuild/protobuf";
import { enum_value as enumValueOption } from "../gen/crd/v1/options_pb.js";
import type { GeneratorOptions } from "../plugin/parameters.js";
import type { JSONSchemaProps, JsonValue } from "./kubernetes.js";
import type { MappedSchema } from "./scalars.js";

/** The values listed in the CRD: names in declaration order (aliases included), then numbers. */
export function enumValues(
  desc: DescEnum,
  options: Pick<GeneratorOptions, "enums" | "enumUnspecified">,
  onlyNames?: ReadonlySet<string>,
): JsonValue[] {
  const listed = desc.values.filter((value) => {
    if (hasOption(value, enumValueOption) && getOption(value, enumValueOption).hidden) return false;
    if (options.enumUnspecified === "exclude" && value.number === 0 && value.name.endsWith("UNSPECIFIED")) return false;
    return onlyNames === undefined || onlyNames.has(value.name);
  });
  const names: JsonValue[] = listed.map((value) => value.name);
  if (options.enums === "names") return names;
  const numbers = [...new Set(listed.map((value) => value.number))];
  return [...names, ...numbers];
}

export function schemaForEnum(desc: DescEnum, options: GeneratorOptions): MappedSchema {
  const encoding = { kind: "enum", typeName: desc.typeName, as: options.enums } as const;
  if (desc.typeName === "google.protobuf.NullValue") {
    // protojson writes a NullValue as JSON null.
    return { encoding, schema: { nullable: true, "x-kubernetes-preserve-unknown-fields": true } };
  }
  const schema: JSONSchemaProps =
    options.enums === "names"
      ? { type: "string", enum: enumValues(desc, options) }
      : { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }], enum: enumValues(desc, options) };
  return { encoding, schema };
}
