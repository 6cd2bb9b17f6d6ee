// The JSON text of stored objects, kept next to them. A stored object is never changed (every write
// stores a new object), so its text is computed once, at write time (or on first use for state
// loaded at start), and lists, watch events and snapshots join texts instead of serialising each
// object again. The text of an object presented in another version (a conversion) is cached the
// same way, per resource type and apiVersion, and dies with the stored object (WeakMap).
import type { JsonObject } from "./json-values.js";

const storedTexts = new WeakMap<JsonObject, string>();
/** Conversion context (the resource type) → apiVersion → stored object → text of the converted object. */
const presentedTexts = new WeakMap<object, Map<string, WeakMap<JsonObject, string>>>();

/** The JSON text of a stored object, as it is stored. */
export function storedJson(object: JsonObject): string {
  let text = storedTexts.get(object);
  if (text === undefined) storedTexts.set(object, (text = JSON.stringify(object)));
  return text;
}

/** Records the text a writer already made of `object` (the file backend's log record holds it). */
export function rememberStoredJson(object: JsonObject, text: string): void {
  storedTexts.set(object, text);
}

/** The text of an object if it is a stored one whose text is known (a reply can send it as is). */
export function knownJson(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? storedTexts.get(value as JsonObject) : undefined;
}

/**
 * The JSON text of `stored` as `apiVersion`: the stored text when the versions match, else the text
 * of `convert()`, cached for `context` (the resource type, whose CRD decides the conversion).
 */
export function presentedJson(stored: JsonObject, context: object, apiVersion: string, convert: () => JsonObject): string {
  if (stored.apiVersion === apiVersion) return storedJson(stored);
  let byVersion = presentedTexts.get(context);
  if (!byVersion) presentedTexts.set(context, (byVersion = new Map()));
  let texts = byVersion.get(apiVersion);
  if (!texts) byVersion.set(apiVersion, (texts = new WeakMap()));
  let text = texts.get(stored);
  if (text === undefined) {
    const converted = convert();
    text = converted === stored ? storedJson(stored) : JSON.stringify(converted);
    texts.set(stored, text);
  }
  return text;
}
