// The file backend: an append-only log, `<state>.log`, that every write reaches (fdatasync) before
// it is applied and answered; writers that arrive while a sync runs share the next one (group
// commit). When the log grows past a threshold it is renamed to `<state>.log.prev`, a new log is
// started, and a snapshot of the state at that moment is written to `<state>` in slices across
// event-loop turns; then `.log.prev` is removed. Start-up loads the snapshot and replays both logs;
// resourceVersions continue from the highest one on disk, so they never repeat or go back.
import { chmodSync, closeSync, existsSync, fdatasync, ftruncateSync, mkdirSync, openSync, renameSync, unlinkSync, write } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";
import type { JsonObject } from "./json-values.js";
import type { Change, ObjectStore, StoredEntry } from "./object-store.js";
import { storedJson } from "./object-json.js";
import { checkRv, encodeRecord, encodeRecordJson, fail, objectRecordJson, readRecords, readSnapshot, syncDirectory, writeSnapshot } from "./state-file.js";
import { preconditionHolds, StaleRead, type StorageBackend, type WriteOp } from "./storage-backend.js";

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

export interface FileBackendOptions {
  /** The snapshot file; the log is `<path>.log`. */
  path: string;
  /** Log size that starts a snapshot (default 64 MiB). */
  snapshotLogBytes?: number;
}

interface PendingWrite {
  rv: number;
  op: WriteOp;
  line: string;
  /** The object's text (put), kept with it once applied. */
  json?: string;
  resolve(change: Change): void;
  reject(error: Error): void;
}

export class FileBackend implements StorageBackend {
  readonly kind = "file";
  private store!: ObjectStore;
  private fd = -1;
  /** The last resourceVersion handed out (applied or pending). */
  private lastRv = 0;
  private pending: PendingWrite[] = [];
  /** The newest not-yet-applied state of each key with a pending write (null: deleted). */
  private readonly pendingKeys = new Map<string, { rv: number; object: JsonObject | null }>();
  private writing = false;
  private logBytes = 0;
  private rotations: Array<(captured: { rv: number; entries: StoredEntry[] }) => void> = [];
  private idleWaiters: Array<() => void> = [];
  private snapshotRunning: Promise<void> | undefined;
  private failed: Error | undefined;
  private readonly logPath: string;
  private readonly prevPath: string;

  constructor(private readonly options: FileBackendOptions) {
    this.logPath = `${options.path}.log`;
    this.prevPath = `${options.path}.log.prev`;
  }

  attach(store: ObjectStore): void {
    this.store = store;
  }

  async load(): Promise<void> {
    const { path } = this.options;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const snapshot = readSnapshot(path);
    const baseRv = snapshot?.rv ?? 0;
    this.store.reset(snapshot?.entries ?? [], baseRv);
    const hadPrev = existsSync(this.prevPath);
    let lastSeen = this.replay(this.prevPath, false, baseRv, 0);
    lastSeen = this.replay(this.logPath, true, baseRv, lastSeen);
    this.lastRv = Math.max(baseRv, lastSeen);
    this.fd = openSync(this.logPath, "a", 0o600);
    chmodSync(this.logPath, 0o600);
    syncDirectory(this.logPath);
    // A snapshot interrupted by the crash (or an old-format file) is redone before serving, so the
    // next rotation can never overwrite a .log.prev whose records are in no snapshot. Records of
    // the active log at or below the snapshot's rv are skipped by the next replay.
    if (hadPrev || snapshot?.oldFormat) {
      await writeSnapshot(path, this.store.rv, this.store.entries());
      if (hadPrev) unlinkSync(this.prevPath);
      syncDirectory(path);
    }
  }

  /** Applies the records of one log file with rv above `baseRv`; rvs must keep increasing from `lastRv`. Returns the last rv seen. */
  private replay(path: string, active: boolean, baseRv: number, lastRv: number): number {
    const read = readRecords(path, active);
    if (!read) return lastRv;
    read.records.forEach((record, index) => {
      const offset = read.offsets[index];
      const rv = checkRv(path, offset, record.rv, "rv");
      if (rv <= lastRv) fail(path, offset, `rv ${rv} is not above the previous record's ${lastRv}`);
      if (record.t !== "p" && record.t !== "d") fail(path, offset, `unknown record type ${JSON.stringify(record.t)}`);
      if (typeof record.r !== "string" || typeof record.k !== "string") fail(path, offset, "record lacks its resource (r) or key (k)");
      if (record.t === "p" && (typeof record.o !== "object" || record.o === null || Array.isArray(record.o))) {
        fail(path, offset, "put record lacks its object (o)");
      }
      lastRv = rv;
      if (rv > baseRv) this.store.apply(rv, record.r, record.k, record.t === "p" ? (record.o as JsonObject) : undefined);
    });
    if (read.tornAt !== undefined) {
      // Cut the torn record off, so new records follow the last complete one.
      const fd = openSync(path, "r+");
      try {
        ftruncateSync(fd, read.validBytes);
      } finally {
        closeSync(fd);
      }
      process.stderr.write(`crd-ts serve: ${path}: dropped a torn last record at offset ${read.tornAt} (it was never acknowledged)\n`);
    }
    if (active) this.logBytes = read.validBytes;
    return lastRv;
  }

  write(op: WriteOp): Promise<Change> {
    if (this.failed) return Promise.reject(this.failed);
    const id = `${op.resource}\u0000${op.key}`;
    const pending = this.pendingKeys.get(id);
    const current = pending ? (pending.object ?? undefined) : this.store.get(op.resource, op.key);
    if (!preconditionHolds(current, op.expectedRv)) return Promise.reject(new StaleRead(pending ? this.idle() : Promise.resolve()));
    const rv = ++this.lastRv;
    if (op.object) (op.object.metadata as JsonObject).resourceVersion = String(rv);
    // The object is serialised once, here: the log record, replies, lists, watches and snapshots share the text.
    const json = op.object ? storedJson(op.object) : undefined;
    const line =
      json !== undefined ? encodeRecordJson(objectRecordJson(op.resource, op.key, json, rv)) : encodeRecord({ rv, t: "d", r: op.resource, k: op.key });
    this.pendingKeys.set(id, { rv, object: op.object ?? null });
    return new Promise((resolve, reject) => {
      this.pending.push({ rv, op, line, json, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // setImmediate: writers whose requests arrived in the same turn join the first batch.
        setImmediate(() => void this.commitLoop());
      }
    });
  }

  private async commitLoop(): Promise<void> {
    for (;;) {
      if (this.rotations.length > 0) this.rotate();
      if (this.pending.length === 0) break;
      const batch = this.pending;
      this.pending = [];
      const text = batch.map((b) => b.line).join("");
      try {
        const buffer = Buffer.from(text);
        let written = 0;
        while (written < buffer.length) written += (await writeAsync(this.fd, buffer, written, buffer.length - written)).bytesWritten;
        await fdatasyncAsync(this.fd);
        this.logBytes += buffer.length;
      } catch (error) {
        this.failed = new Error(`${this.logPath}: write failed, the server accepts no more writes: ${(error as Error).message}`);
        for (const b of [...batch, ...this.pending]) b.reject(this.failed);
        this.pending = [];
        this.pendingKeys.clear();
        break;
      }
      for (const b of batch) {
        const id = `${b.op.resource}\u0000${b.op.key}`;
        if (this.pendingKeys.get(id)?.rv === b.rv) this.pendingKeys.delete(id);
        const change = this.store.apply(b.rv, b.op.resource, b.op.key, b.op.object, b.json);
        b.resolve(change ?? { rv: b.rv, resource: b.op.resource, key: b.op.key, type: "DELETED", object: {} });
      }
      if (this.logBytes > (this.options.snapshotLogBytes ?? 64 * 1024 * 1024) && !this.snapshotRunning) void this.snapshot().catch(reportSnapshotError);
    }
    this.writing = false;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  /** Resolves once every write accepted so far is applied. */
  private idle(): Promise<void> {
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts a new log (between batches: every record of the old one is applied) and captures the state. */
  private rotate(): void {
    closeSync(this.fd);
    renameSync(this.logPath, this.prevPath);
    this.fd = openSync(this.logPath, "a", 0o600);
    syncDirectory(this.logPath);
    this.logBytes = 0;
    const captured = { rv: this.store.rv, entries: this.store.entries() };
    for (const done of this.rotations.splice(0)) done(captured);
  }

  snapshot(): Promise<void> {
    this.snapshotRunning ??= (async () => {
      const captured = await new Promise<{ rv: number; entries: StoredEntry[] }>((resolve) => {
        this.rotations.push(resolve);
        if (!this.writing) this.rotate();
      });
      await writeSnapshot(this.options.path, captured.rv, captured.entries);
      unlinkSync(this.prevPath);
      syncDirectory(this.prevPath);
    })().finally(() => {
      this.snapshotRunning = undefined;
    });
    return this.snapshotRunning;
  }

  async compact(): Promise<void> {}

  async close(): Promise<void> {
    await this.idle();
    await this.snapshotRunning?.catch(() => {});
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function reportSnapshotError(error: Error): void {
  process.stderr.write(`crd-ts serve: snapshot failed (the log keeps every change): ${error.message}\n`);
}
