// Defaults for CRD names and the ordering of Kubernetes version names.

/**
 * Whole words pluralized irregularly, as controller-gen does (it calls github.com/gobuffalo/flect's
 * Pluralize on the lowercase kind, pkg/crd/spec.go); a word already in one of these plural forms stays.
 */
const IRREGULAR: Record<string, string> = {
  index: "indices", matrix: "matrices", vertex: "vertices", appendix: "appendices", person: "people", child: "children",
  datum: "data", analysis: "analyses", basis: "bases", axis: "axes", crisis: "crises", alias: "aliases", bus: "buses",
  quiz: "quizzes", series: "series", species: "species", news: "news", mouse: "mice", goose: "geese", foot: "feet",
  tooth: "teeth", ox: "oxen", half: "halves", wife: "wives", wolf: "wolves", thief: "thieves", leaf: "leaves",
};
const PLURAL_FORMS = new Set(Object.values(IRREGULAR));

/**
 * The plural of a kind, in lowercase. Like controller-gen (flect) for the words kinds are made of:
 * Policy → policies, Ingress → ingresses, Status → statuses, Box → boxes, Match → matches, Mesh → meshes,
 * Index → indices, and a kind that already ends in a plural `s` keeps it: Traces → traces, Metrics → metrics.
 * (kubectl's RESTMapper guess and gengo's namer would say "traceses".) flect's rarer suffix rules that
 * misfire on kinds (Fleet → fleet, Repo → repoes, Human → humen) are left out: set `plural` for any
 * other irregular word.
 */
export function pluralize(singular: string): string {
  const word = singular.toLowerCase();
  if (word === "" || PLURAL_FORMS.has(word)) return word;
  // The last word of a CamelCase kind: ConfigIndex → index.
  const last = (/[A-Z]?[a-z0-9]+$/.exec(singular)?.[0] ?? singular).toLowerCase();
  if (Object.hasOwn(IRREGULAR, last)) return word.slice(0, word.length - last.length) + IRREGULAR[last];
  if (/(ss|us|x|z|ch|sh)$/.test(word)) return word + "es";
  if (/sis$/.test(word)) return word.slice(0, -2) + "es";
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + "ies";
  if (word.endsWith("s")) return word;
  return word + "s";
}

const KUBE_VERSION = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;

export function isKubeVersion(name: string): boolean {
  return KUBE_VERSION.test(name);
}

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first, then others by name. */
export function compareKubeVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  const stage = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === "beta" ? 1 : 0);
  return stage(mb) - stage(ma) || Number(mb[1]) - Number(ma[1]) || Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}
