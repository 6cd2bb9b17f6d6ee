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

/** Drops the space after `//`, AIP-style internal comments `(-- ... --)` and lint directives. */
export function cleanComment(comment: string): string {
  const withoutInternal = comment.replace(/\(--[\s\S]*?--\)/g, "");
  const lines = withoutInternal
    .split("\n")
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line).trimEnd())
    .filter((line) => !/^\s*buf:lint:/.test(line));
  return lines.join("\n").trim().replace(/\n{3,}/g, "\n\n");
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
