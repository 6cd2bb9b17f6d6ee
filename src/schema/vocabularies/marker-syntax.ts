// The syntax of controller-tools markers in comments: `+name`, `+name=value`, `+name:arg=value,arg=value`.
// Values are Go-style: "quoted" (with escapes), `raw`, or bare text; `Enum` lists are separated by `;`.

export interface Marker {
  /** e.g. `kubebuilder:validation:Minimum`, `listType`. */
  name: string;
  /** The text after `=`, for single-value markers; undefined when there is none. */
  value?: string;
  /** Named arguments, for markers like XValidation:rule="…",message="…". */
  args: Map<string, string>;
  /** The marker as written, for reports. */
  text: string;
}

/** Markers on their own comment lines (`// +kubebuilder:validation:Minimum=1`). */
export function markersIn(comment: string | undefined): Marker[] {
  if (!comment) return [];
  const markers: Marker[] = [];
  for (const raw of comment.split("\n")) {
    const line = raw.trim();
    if (!line.startsWith("+") || line.length < 2) continue;
    markers.push(parseMarker(line.slice(1)));
  }
  return markers;
}

const NAMED_ARG_MARKERS = ["kubebuilder:validation:XValidation"];

function parseMarker(text: string): Marker {
  const named = NAMED_ARG_MARKERS.find((m) => text.startsWith(`${m}:`));
  if (named) return { name: named, args: parseArgs(text.slice(named.length + 1)), text: `+${text}` };
  const eq = text.indexOf("=");
  if (eq < 0) return { name: text.trim(), args: new Map(), text: `+${text}` };
  return { name: text.slice(0, eq).trim(), value: unquote(text.slice(eq + 1).trim()), args: new Map(), text: `+${text}` };
}

function parseArgs(text: string): Map<string, string> {
  const args = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    if (eq < 0) break;
    const key = text.slice(i, eq).trim().replace(/^,/, "").trim();
    let j = eq + 1;
    const quote = text[j];
    if (quote === '"' || quote === "`") {
      j++;
      while (j < text.length && text[j] !== quote) j += quote === '"' && text[j] === "\\" ? 2 : 1;
      j++;
    } else {
      while (j < text.length && text[j] !== ",") j++;
    }
    args.set(key, unquote(text.slice(eq + 1, j).trim()));
    i = j + 1;
  }
  return args;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("`") && value.endsWith("`")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}
