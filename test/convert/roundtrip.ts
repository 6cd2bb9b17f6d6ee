// What a round-trip test needs for each resource version of a build: the protobuf-es schema of the
// resource message, the generated to…/from… functions, and an arbitrary of messages.
import { join } from "node:path";
import { createRegistry, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { AnySchema, DurationSchema, EmptySchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import type fc from "fast-check";
import { protobufEsNames } from "../../src/emit/convert/imports.js";
import { namesFor } from "../../src/emit/shared/names.js";
import { shapesFor, type ResourceShape } from "../../src/emit/shared/shapes.js";
import { moduleBase } from "../../src/emit/shared/typescript-input.js";
import { messageArbitrary } from "./arbitrary.js";
import type { ConvertBuild } from "./convert-harness.js";

export interface ConvertedResource {
  /** e.g. "HealthEvent v1alpha1" */
  name: string;
  resource: ResourceShape;
  schema: DescMessage;
  to: (message: Message, meta: object, options?: { registry?: Registry }) => Record<string, unknown>;
  from: (cr: unknown, options?: { registry?: Registry; ignoreUnknownFields?: boolean }) => Message;
  module: Record<string, unknown>;
  arbitrary: fc.Arbitrary<Message>;
}

/** Message types google.protobuf.Any values hold in the arbitraries. */
export const ANY_REGISTRY = createRegistry(TimestampSchema, EmptySchema, DurationSchema, AnySchema);

export async function convertedResources(build: ConvertBuild, maxDepth = 3): Promise<ConvertedResource[]> {
  const result: ConvertedResource[] = [];
  for (const input of build.inputs) {
    const shapes = shapesFor(input);
    const names = namesFor(shapes);
    const module = (await import(join(build.dir, `${moduleBase(input.protoFile, "_crd_convert")}.${build.target}`))) as Record<string, unknown>;
    for (const resource of shapes.resources) {
      const desc = resource.root.desc;
      const pb = (await import(join(build.dir, `${desc.file.name}_pb.${build.target}`))) as Record<string, unknown>;
      const schema = pb[protobufEsNames(desc).schema] as DescMessage;
      const n = names.resources.get(resource)!;
      result.push({
        name: `${resource.kind} ${resource.input.version.name}`,
        resource,
        schema,
        to: module[n.to] as ConvertedResource["to"],
        from: module[n.from] as ConvertedResource["from"],
        module,
        arbitrary: messageArbitrary(schema, shapes, { int64: input.options.int64, maxDepth }),
      });
    }
  }
  return result;
}
