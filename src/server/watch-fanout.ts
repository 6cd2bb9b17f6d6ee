// Handing each change to the open watches at the cost of one watch, not of every watch. Watches with
// the same resource type, version, namespace and selectors form a group: a change is filtered and
// its event line serialised once per group (the text itself once per object and version, shared
// by all groups), the lines of one event-loop turn are joined into one Buffer, and that same Buffer
// is written to every member at the end of the turn. A write-heavy turn (a group commit applies
// many writes at once) thus costs each watcher one write, and no watcher does JSON work of its own.
import type { JsonObject } from "./json-values.js";
import type { Change, ObjectStore } from "./object-store.js";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** What the watches of one group see: which changes, and their event lines. */
export interface WatchView {
  resource: string;
  /** Keys start with `<namespace>/` for a watch in one namespace, else "". */
  prefix: string;
  filter?: (object: JsonObject) => boolean;
  /** The event line (JSON and a newline) for `object`. */
  line(eventType: EventType, object: JsonObject): Buffer;
}

export interface WatchMember {
  /** The lines of one turn, shared with the other members: never changed by the receiver. */
  receive(lines: Buffer): void;
}

/** The event a watch with `view` gets for `change`, as the watch cache decides it; undefined: none. */
export function eventOf(view: WatchView, change: Change): EventType | undefined {
  if (change.resource !== view.resource || !change.key.startsWith(view.prefix)) return undefined;
  const { filter } = view;
  if (!filter) return change.type;
  const matchesNow = change.type !== "DELETED" && filter(change.object);
  const matchedBefore = change.previous !== undefined && filter(change.previous);
  if (change.type === "DELETED") return matchedBefore ? "DELETED" : undefined;
  if (matchesNow) return matchedBefore ? "MODIFIED" : "ADDED";
  return matchedBefore ? "DELETED" : undefined;
}

interface Group {
  view: WatchView;
  members: Set<WatchMember>;
  /** Lines of this turn not yet written. */
  pending: Buffer[];
}

export class WatchFanout {
  /** resource → group key → group. */
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly dirty = new Set<Group>();
  private flushQueued = false;

  constructor(store: ObjectStore) {
    store.subscribe((change) => this.onChange(change));
  }

  /**
   * Adds a member to the group `key` of `resource` (made with `view()` if new). From now on every
   * change reaches it, through `receive`, at the end of the turn it was applied in. Returns `leave`.
   */
  join(resource: string, key: string, view: () => WatchView, member: WatchMember): () => void {
    let byKey = this.groups.get(resource);
    if (!byKey) this.groups.set(resource, (byKey = new Map()));
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { view: view(), members: new Set(), pending: [] }));
    group.members.add(member);
    const joined = group;
    return () => {
      joined.members.delete(member);
      if (joined.members.size > 0) return;
      this.dirty.delete(joined);
      if (byKey.get(key) === joined) byKey.delete(key);
      if (byKey.size === 0 && this.groups.get(resource) === byKey) this.groups.delete(resource);
    };
  }

  private onChange(change: Change): void {
    const byKey = this.groups.get(change.resource);
    if (!byKey) return;
    for (const group of byKey.values()) {
      const eventType = eventOf(group.view, change);
      if (eventType === undefined) continue;
      group.pending.push(group.view.line(eventType, change.object));
      this.dirty.add(group);
    }
    if (this.dirty.size > 0 && !this.flushQueued) {
      this.flushQueued = true;
      // After the turn's synchronous work: every change of a group commit goes out in one write.
      process.nextTick(() => this.flush());
    }
  }

  /** Writes the pending lines now (before a bookmark or the end of a watch, which must follow them). */
  flush(): void {
    this.flushQueued = false;
    const groups = [...this.dirty];
    this.dirty.clear();
    for (const group of groups) {
      const lines = group.pending.length === 1 ? group.pending[0] : Buffer.concat(group.pending);
      group.pending = [];
      for (const member of [...group.members]) member.receive(lines);
    }
  }
}

const fanouts = new WeakMap<ObjectStore, WatchFanout>();

/** The fan-out of a store's changes (one per store, made on first use). */
export function fanoutOf(store: ObjectStore): WatchFanout {
  let fanout = fanouts.get(store);
  if (!fanout) fanouts.set(store, (fanout = new WatchFanout(store)));
  return fanout;
}
