// The protoc-gen-crd-ts executable: a CodeGeneratorRequest on stdin, a CodeGeneratorResponse on stdout.
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import { formatDiagnostic } from "../schema/diagnostics.js";
import { runPlugin } from "./run.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

async function main(args: string[]): Promise<number> {
  if (args[0] === "--version" || args[0] === "-v") {
    process.stdout.write(`${PLUGIN_NAME} ${PLUGIN_VERSION}\n`);
    return 0;
  }
  if (args.length > 0) {
    process.stderr.write(`${PLUGIN_NAME} is a protoc/buf plugin: it reads a CodeGeneratorRequest on stdin. Use it from buf.gen.yaml or protoc --crd-ts_out.\n`);
    return 1;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = fromBinary(CodeGeneratorRequestSchema, new Uint8Array(Buffer.concat(chunks)));
  const { response, diagnostics } = await runPlugin(request);
  // Errors travel in the response; warnings and infos only here, since protoc and buf pass stderr through.
  for (const d of diagnostics) if (d.severity !== "error") process.stderr.write(formatDiagnostic(d) + "\n");
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(toBinary(CodeGeneratorResponseSchema, response), (err) => (err ? reject(err) : resolve())),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${PLUGIN_NAME}: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
