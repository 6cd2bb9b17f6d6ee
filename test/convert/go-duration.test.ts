// durations=go: the converters' helpers against Go's time.Duration.String() and time.ParseDuration,
// on values worked out by hand from Go's documented behaviour.
import { describe, expect, it } from "vitest";
import { goDurationFromJson, goDurationToJson } from "../../src/conversion/index.js";

type Duration = { $typeName: "google.protobuf.Duration"; seconds: bigint; nanos: number };

function helpers(): { toJson: (d: Duration) => string; fromJson: (v: unknown) => Duration } {
  return { toJson: (d) => goDurationToJson(d, "spec.timeout"), fromJson: (v) => goDurationFromJson(v, "spec.timeout") };
}

const d = (seconds: bigint, nanos: number): Duration => ({ $typeName: "google.protobuf.Duration", seconds, nanos });

describe("durations=go converters", () => {
  const { toJson, fromJson } = helpers();
  const written: [Duration, string][] = [
    [d(0n, 0), "0s"],
    [d(0n, 500), "500ns"],
    [d(0n, 1500), "1.5µs"],
    [d(0n, 30_000_000), "30ms"],
    [d(1n, 500_000_000), "1.5s"],
    [d(300n, 0), "5m0s"],
    [d(5400n, 0), "1h30m0s"],
    [d(3600n, 0), "1h0m0s"],
    [d(-90n, 0), "-1m30s"],
    [d(0n, -1_000_000), "-1ms"],
  ];
  for (const [value, text] of written) it(`writes ${text}`, () => expect(toJson(value)).toBe(text));

  const read: [string, Duration][] = [
    ["30ms", d(0n, 30_000_000)],
    ["5m", d(300n, 0)],
    ["1h30m", d(5400n, 0)],
    ["1.5h", d(5400n, 0)],
    ["-1.5s", d(-1n, -500_000_000)],
    ["+2s", d(2n, 0)],
    ["0", d(0n, 0)],
    [".5s", d(0n, 500_000_000)],
    ["1µs", d(0n, 1000)],
    ["2us3ns", d(0n, 2003)],
  ];
  for (const [text, value] of read) it(`reads ${text}`, () => expect(fromJson(text)).toEqual(value));

  it("round-trips what it writes", () => {
    for (const [value, text] of written) expect(toJson(fromJson(text))).toBe(toJson(value));
  });

  it.each(["", "1", "5 m", "1d", "h", "1.5", "--1s"])("refuses %j", (text) => {
    expect(() => fromJson(text)).toThrow(/expected a duration/);
  });

  it("refuses what does not fit Go's int64 nanoseconds", () => {
    expect(() => fromJson("2562048h")).toThrow(/Go's time.Duration/);
    expect(() => toJson(d(9_223_372_037n, 0))).toThrow(/Go's time.Duration/);
  });
});
