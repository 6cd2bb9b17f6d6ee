// Defaults for CRD names and the ordering of Kubernetes version names.

/** Lowercase English plural for a kind, as kubebuilder's default resource path does for regular nouns. */
export function pluralize(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) return singular + "es";
  if (/[^aeiou]y$/.test(singular)) return singular.slice(0, -1) + "ies";
  return singular + "s";
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
