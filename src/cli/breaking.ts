// crd-ts breaking <old> <new>: the breaking changes between two sets of CRDs (files, directories or
// <git ref>:<path>). Exit 0: none (warnings allowed); 1: breaking changes; 2: bad arguments or input.
import { breakingChanges, formatJson, formatText, loadCrds, SourceError } from "../breaking/index.js";

const USAGE = `Usage: crd-ts breaking [--output text|json] <old> <new>

<old> and <new> are each a CRD file, a directory of them, or <git ref>:<path> read from git
(for example HEAD~1:generated/crds). Prints one line per breaking change with its rule ID and exits 1
if there is any; warnings (a removed printer column) do not change the exit code.
`;

export async function breakingCommand(args: string[]): Promise<number> {
  let output = "text";
  const sources: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === "--output" || arg === "-o") output = args[++i] ?? "";
    else if (arg.startsWith("--output=")) output = arg.slice("--output=".length);
    else if (arg.startsWith("-")) return usage(`unknown option ${arg}`);
    else sources.push(arg);
  }
  if (output !== "text" && output !== "json") return usage(`--output must be text or json, not "${output}"`);
  if (sources.length !== 2) return usage(`expected <old> and <new>, got ${sources.length} argument${sources.length === 1 ? "" : "s"}`);
  let findings;
  try {
    findings = breakingChanges(loadCrds(sources[0]), loadCrds(sources[1]));
  } catch (e) {
    if (!(e instanceof SourceError) && !(e as NodeJS.ErrnoException).code) throw e;
    process.stderr.write(`crd-ts breaking: ${(e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(output === "json" ? formatJson(findings) : formatText(findings));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

function usage(message: string): number {
  process.stderr.write(`crd-ts breaking: ${message}\n\n${USAGE}`);
  return 2;
}
