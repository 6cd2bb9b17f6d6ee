// Writes a synthetic proto set of N messages: files of 10 messages, one of them a custom resource
// whose spec and status use the others, with every kind of field (scalars, enums, lists, maps, WKTs).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MESSAGES_PER_FILE = 10;

export function writeSyntheticProtos(dir, messageCount) {
  const files = Math.ceil(messageCount / MESSAGES_PER_FILE);
  const names = [];
  for (let f = 0; f < files; f++) {
    const pkg = `synthetic.f${f}.v1`;
    const lines = [
      'syntax = "proto3";',
      `package ${pkg};`,
      'import "crd/v1/options.proto";',
      'import "google/protobuf/timestamp.proto";',
      'import "google/protobuf/duration.proto";',
      'import "google/protobuf/wrappers.proto";',
      "",
      `enum Phase${f} { PHASE${f}_UNSPECIFIED = 0; PHASE${f}_RUNNING = 1; PHASE${f}_DONE = 5; }`,
      "",
    ];
    const count = Math.min(MESSAGES_PER_FILE, messageCount - f * MESSAGES_PER_FILE);
    for (let m = 1; m < count - 1; m++) {
      const next = m + 1 < count - 1 ? `  Part${m + 1} next = 12;` : "  string last = 12;";
      lines.push(
        `// Part ${m} of file ${f}.`,
        `message Part${m} {`,
        `  // A name.`,
        `  string name = 1 [(crd.v1.field) = {max_length: 63, pattern: "^[a-z]+$"}];`,
        "  int32 count = 2;",
        "  uint64 big = 3;",
        "  double ratio = 4;",
        "  bool enabled = 5;",
        `  Phase${f} phase = 6;`,
        "  repeated string tags = 7 [(crd.v1.field) = {max_items: 16, items: {max_length: 32}}];",
        "  map<string, string> labels = 8 [(crd.v1.field) = {max_properties: 16}];",
        "  google.protobuf.Timestamp at = 9;",
        "  google.protobuf.Duration every = 10;",
        "  google.protobuf.StringValue note = 11;",
        next,
        "}",
        "",
      );
    }
    if (count >= 2) {
      lines.push(
        `message Resource${f}Status {`,
        `  Phase${f} phase = 1;`,
        "  repeated string messages = 2 [(crd.v1.field) = {max_items: 8}];",
        "}",
        "",
        `// Resource number ${f}.`,
        `message Resource${f} {`,
        `  option (crd.v1.resource) = {group: "f${f}.synthetic.example.com", short_names: ["r${f}"],`,
        `    printer_columns: [{name: "Phase", type: "string", json_path: ".status.phase"}]};`,
        count > 2 ? "  Part1 spec = 1;" : "  Resource" + f + "Status spec = 1;",
        `  Resource${f}Status status = 2;`,
        "}",
        "",
      );
    } else {
      lines.push(`message Lone${f} { string name = 1; }`, "");
    }
    const name = `synthetic/f${f}/v1/f${f}.proto`;
    mkdirSync(join(dir, `synthetic/f${f}/v1`), { recursive: true });
    writeFileSync(join(dir, name), lines.join("\n"));
    names.push(name);
  }
  return names;
}
