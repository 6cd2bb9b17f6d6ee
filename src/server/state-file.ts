// Keeping the store in a file: loaded at start, written atomically (temp file + rename) shortly
// after each change, and once more on close, so a restart loses nothing.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StoreSnapshot } from "./object-store.js";

const FORMAT = "crd-ts-state/v1";

export function readStateFile(path: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const data = JSON.parse(text) as { format?: string } & StoreSnapshot;
  if (data.format !== FORMAT) throw new Error(`${path}: not a crd-ts state file (format ${String(data.format)})`);
  return data;
}

export function writeStateFile(path: string, snapshot: StoreSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ format: FORMAT, ...snapshot }));
  renameSync(temp, path);
}

/**
 * Calls `flush` once, `delayMs` after the first `schedule()` since the last flush; `now()` flushes a
 * pending write at once. A big state takes long to write, so the delay grows to 5x the last write's
 * duration: the server spends at most a sixth of its time writing the file.
 */
export class DebouncedWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastDurationMs = 0;

  constructor(
    private readonly flush: () => void,
    private readonly delayMs: number,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.run(), Math.max(this.delayMs, this.lastDurationMs * 5));
  }

  now(): void {
    if (!this.timer) return;
    this.run();
  }

  private run(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const start = performance.now();
    this.flush();
    this.lastDurationMs = performance.now() - start;
  }
}
