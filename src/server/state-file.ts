// The file backend's on-disk format (crd-ts-state/v2): JSON lines, each prefixed with the CRC-32
// of its JSON text, `<crc32 as 8 hex digits> <json>\n`. Used for the append-only log and for
// snapshots. Reading checks every record: a damaged record stops the start with the file name,
// the byte offset and what is wrong, except a record cut short at the end of the active log (a
// write the crash interrupted: it was never acknowledged), which is dropped.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { crc32 } from "node:zlib";
import type { JsonObject } from "./json-values.js";
import { knownJson } from "./object-json.js";
import type { StoredEntry } from "./object-store.js";

export const FORMAT = "crd-ts-state/v2";
const OLD_FORMAT = "crd-ts-state/v1";

export class StateFileError extends Error {}

export function encodeRecord(record: unknown): string {
  return encodeRecordJson(JSON.stringify(record));
}

/** A record from its JSON text. */
export function encodeRecordJson(json: string): string {
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

/**
 * encodeRecordJson(objectRecordJson(resource, key, objectJson)), with the checksum taken piece by
 * piece: no flat copy of each object's text is made (a snapshot of 100,000 objects would otherwise
 * leave hundreds of MB of garbage behind, and GC pauses with it).
 */
export function encodeObjectRecord(resource: string, key: string, objectJson: string): string {
  const head = `{"r":${JSON.stringify(resource)},"k":${JSON.stringify(key)},"o":`;
  const crc = crc32("}", crc32(objectJson, crc32(head)));
  return `${crc.toString(16).padStart(8, "0")} ${head}${objectJson}}\n`;
}

/**
 * The record of a stored object, `{"r":…,"k":…,"o":…}` (or with `rv` and `t` first in the log),
 * built around the object's kept text: the same bytes as encodeRecord, without serialising it again.
 */
export function objectRecordJson(resource: string, key: string, objectJson: string, rv?: number): string {
  const head = rv === undefined ? "" : `"rv":${rv},"t":"p",`;
  return `{${head}"r":${JSON.stringify(resource)},"k":${JSON.stringify(key)},"o":${objectJson}}`;
}

export interface RecordsRead {
  records: JsonObject[];
  /** The byte offset of each record, for error messages. */
  offsets: number[];
  /** Bytes of complete, valid records: the length to truncate a torn tail to. */
  validBytes: number;
  /** Set when a torn last record was dropped. */
  tornAt?: number;
}

export function fail(path: string, offset: number, what: string): never {
  throw new StateFileError(`${path}: offset ${offset}: ${what}`);
}

/** Reads every record of a log or snapshot file; undefined if the file does not exist. */
export function readRecords(path: string, allowTornTail: boolean): RecordsRead | undefined {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const records: JsonObject[] = [];
  const offsets: number[] = [];
  let offset = 0;
  while (offset < data.length) {
    const newline = data.indexOf(0x0a, offset);
    if (newline < 0) {
      if (allowTornTail) return { records, offsets, validBytes: offset, tornAt: offset };
      fail(path, offset, `record cut short (${data.length - offset} bytes without an end of line)`);
    }
    const line = data.toString("utf8", offset, newline);
    const match = /^([0-9a-f]{8}) (.*)$/s.exec(line);
    if (!match) fail(path, offset, "not a record (expected `<crc32> <json>`)");
    const crc = parseInt(match[1], 16);
    if (crc32(match[2]) !== crc) fail(path, offset, `checksum mismatch (stored ${match[1]}, computed ${crc32(match[2]).toString(16).padStart(8, "0")})`);
    let record: unknown;
    try {
      record = JSON.parse(match[2]);
    } catch (error) {
      fail(path, offset, `invalid JSON: ${(error as Error).message}`);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) fail(path, offset, "record is not a JSON object");
    records.push(record as JsonObject);
    offsets.push(offset);
    offset = newline + 1;
  }
  return { records, offsets, validBytes: offset };
}

export interface Snapshot {
  rv: number;
  entries: StoredEntry[];
  /** Read from a crd-ts-state/v1 file (to be rewritten as v2). */
  oldFormat?: boolean;
}

export function checkRv(path: string, offset: number, value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(path, offset, `${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The snapshot file: a header, one record per object, a trailer with the count. */
export function readSnapshot(path: string): Snapshot | undefined {
  let head: Buffer;
  try {
    head = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (head[0] === 0x7b) return readOldStateFile(path, head);
  const read = readRecords(path, false)!;
  const [header, ...rest] = read.records;
  if (!header || header.format !== FORMAT) fail(path, 0, `not a ${FORMAT} snapshot (header ${JSON.stringify(header ?? null)})`);
  const rv = checkRv(path, 0, header.rv, "rv");
  const trailer = rest.pop();
  if (!trailer || trailer.end !== true || trailer.count !== rest.length) {
    fail(path, read.validBytes, `snapshot incomplete: trailer ${JSON.stringify(trailer ?? null)}, ${rest.length} objects`);
  }
  const entries = rest.map((record, index) => {
    if (typeof record.r !== "string" || typeof record.k !== "string" || typeof record.o !== "object" || record.o === null) {
      fail(path, 0, `snapshot object ${index + 1} lacks r, k or o`);
    }
    return { resource: record.r, key: record.k, object: record.o as JsonObject };
  });
  return { rv, entries };
}

/** A crd-ts-state/v1 file (one JSON document), read once to migrate to v2. */
function readOldStateFile(path: string, data: Buffer): Snapshot {
  let parsed: { format?: string; resourceVersion?: unknown; objects?: Record<string, JsonObject[]> };
  try {
    parsed = JSON.parse(data.toString("utf8"));
  } catch (error) {
    fail(path, 0, `invalid JSON: ${(error as Error).message}`);
  }
  if (parsed.format !== OLD_FORMAT) fail(path, 0, `not a crd-ts state file (format ${String(parsed.format)})`);
  const rv = checkRv(path, 0, parsed.resourceVersion, "resourceVersion");
  const entries: StoredEntry[] = [];
  for (const [resource, objects] of Object.entries(parsed.objects ?? {})) {
    for (const object of objects) {
      const metadata = object.metadata as JsonObject;
      entries.push({ resource, key: `${(metadata.namespace as string | undefined) ?? ""}/${String(metadata.name)}`, object });
    }
  }
  return { rv, entries, oldFormat: true };
}

export function syncDirectory(path: string): void {
  const fd = openSync(dirname(path), "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a snapshot to `<path>.tmp`, then renames it over `path`. Serialises in slices of at most
 * `sliceMs` and writes each slice asynchronously, so the event loop never stalls for long.
 */
export async function writeSnapshot(path: string, rv: number, entries: readonly StoredEntry[], sliceMs = 4): Promise<void> {
  const temp = `${path}.tmp`;
  const file = await open(temp, "w", 0o600);
  try {
    let chunk = encodeRecord({ format: FORMAT, rv });
    let index = 0;
    while (index < entries.length) {
      const start = performance.now();
      while (index < entries.length && chunk.length < 512 * 1024) {
        const { resource, key, object } = entries[index++];
        // The kept text when there is one; not kept from here (a snapshot reads every object once).
        chunk += encodeObjectRecord(resource, key, knownJson(object) ?? JSON.stringify(object));
        if ((index & 63) === 0 && performance.now() - start > sliceMs) break;
      }
      await file.write(chunk);
      chunk = "";
    }
    await file.write(chunk + encodeRecord({ end: true, count: entries.length }));
    await file.datasync();
  } finally {
    await file.close();
  }
  renameSync(temp, path);
  syncDirectory(path);
}

/** Appends synchronously (start-up only: the first records of a fresh log). */
export function appendNow(fd: number, text: string): void {
  writeSync(fd, text);
  fsyncSync(fd);
}
