// Proto comments → CRD descriptions, shaped by the `descriptions` and `max_desc_len` options.
import type { GeneratorOptions } from "../plugin/parameters.js";

export function descriptionFromComment(
  comment: string | undefined,
  options: Pick<GeneratorOptions, "descriptions" | "maxDescLen">,
): string | undefined {
  if (comment === undefined || options.descriptions === "none") return undefined;
  let text = cleanComment(comment);
  if (options.descriptions === "first_sentence") text = firstSentence(text);
  if (options.maxDescLen > 0) text = truncate(text, options.maxDescLen);
  return text === "" ? undefined : text;
}

/**
 * The description text of a comment: drops the space after `//`, AIP-style internal comments `(-- … --)`,
 * HTML comments `<!-- … -->`, build markers (a line starting with `+`, as controller-gen reads
 * `+kubebuilder:…`, `+optional`, `+cue-gen:…`, `+listType=…`), lint directives (`buf:lint:…`) and Istio's
 * `$hide_from_docs`; then collapses runs of blanks inside lines, trims trailing blanks and leaves at most
 * one empty line between paragraphs.
 * Only the description loses them: the markers are read from the raw comment (`commentOf`).
 */
export function cleanComment(comment: string): string {
  const withoutInternal = comment
    .replace(/\(--[\s\S]*?--\)/g, "")
    .replace(/<!--[\s\S]*?(-->|$)/g, "")
    .replace(/\$hide_from_docs/g, "");
  const lines = withoutInternal
    .split("\n")
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line).replace(/\t/g, "  ").trimEnd())
    // Runs of blanks inside a line become one; the indentation of a line (an example, a list) stays.
    .map((line) => line.replace(/^(\s*)(.*)$/, (_, indent: string, text: string) => indent + text.replace(/\s{2,}/g, " ")))
    .filter((line) => !isMarkerLine(line) && !/^\s*buf:lint:/.test(line));
  return lines.join("\n").trim().replace(/\n{3,}/g, "\n\n");
}

/** controller-gen's marker syntax: `+name`, `+name=value`, `+name:arg=…` at the start of a comment line. */
export function isMarkerLine(line: string): boolean {
  return /^\s*\+[A-Za-z][\w.-]*(?:[:=\s]|$)/.test(line);
}

function firstSentence(text: string): string {
  const paragraph = text.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, " ");
  const end = paragraph.search(/[.!?](\s|$)/);
  return end < 0 ? paragraph : paragraph.slice(0, end + 1);
}

/** Cuts at a word boundary and marks the cut, as controller-gen's maxDescLen does. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 3);
  const cut = text.slice(0, room);
  const space = cut.lastIndexOf(" ");
  return (space > room / 2 ? cut.slice(0, space) : cut).trimEnd() + "...";
}
