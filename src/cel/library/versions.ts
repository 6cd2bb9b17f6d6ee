// Which Kubernetes version's CEL environment a rule is checked against, and the version that introduced
// each function of the apiextensions CEL environment (k8s.io/apiserver/pkg/cel/environment/base.go,
// baseOpts: 1.28 OptionalTypes + library.Quantity, 1.29 ext.Sets, 1.30 library.IP + library.CIDR,
// 1.31 library.Format, 1.32 ext.TwoVarComprehensions, 1.33 library.SemverLib, 1.34 ext.Lists(3)).
// Functions of the 1.0 base (URLs, Regex, Lists, strings) are always present.

export const KUBERNETES_VERSIONS = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/**
 * The plugin's default for `kubernetes_version`: the newest version known. Every version's functions and
 * estimated costs follow cel-go and Kubernetes, macros included (macro-cost.ts); a cluster older than
 * that sets `kubernetes_version` to its own.
 */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = "1.34";

/**
 * The newest version known: what crd-eval (so `crd-ts validate --crd` and `crd-ts serve`) and the
 * generated validators evaluate with by default, since the generator already gated each rule by version.
 */
export const NEWEST_KUBERNETES_VERSION: KubernetesVersion = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];

const INTRODUCED: Record<string, KubernetesVersion> = {};
function introduce(version: KubernetesVersion, names: string[]): void {
  for (const name of names) INTRODUCED[name] = version;
}

// cel.OptionalTypes() and library.Quantity
introduce("1.28", ["optional.of", "optional.ofNonZeroValue", "optional.none", "hasValue", "value", "orValue", "or"]);
introduce("1.28", ["quantity", "isQuantity", "sign", "isGreaterThan", "isLessThan", "compareTo", "asApproximateFloat", "asInteger", "isInteger", "add", "sub"]);
// ext.Sets()
introduce("1.29", ["sets.contains", "sets.equivalent", "sets.intersects"]);
// library.IP and library.CIDR
introduce("1.30", ["ip", "isIP", "ip.isCanonical", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast"]);
introduce("1.30", ["cidr", "isCIDR", "containsIP", "containsCIDR", "masked", "prefixLength"]);
// library.Format
introduce("1.31", ["format.named", "format.dns1123Label", "format.dns1123Subdomain", "format.dns1035Label", "format.qualifiedName", "format.dns1123LabelPrefix", "format.dns1123SubdomainPrefix", "format.dns1035LabelPrefix", "format.labelValue", "format.uri", "format.uuid", "format.byte", "format.date", "format.datetime", "validate"]);
// ext.Strings(StringsVersion(2)) replaces StringsVersion(0) in 1.29: version 1 added format and
// strings.quote (cel-go ext/strings.go; join is in both).
introduce("1.29", ["format", "strings.quote"]);
// ext.TwoVarComprehensions(): the three- and four-argument macros (type-check.ts checkTwoVar).
introduce("1.32", ["transformList", "transformMap", "transformMapEntry", "all(k, v)", "exists(k, v)", "existsOne(k, v)", "exists_one(k, v)"]);
// The one-variable existsOne macro (cel-go parser ExistsOneMacroNew, from cel-go v0.23, which
// Kubernetes 1.33 vendors; 1.32 has v0.22).
introduce("1.33", ["existsOne"]);
// cel.OptionalTypes() takes the newest optional library of the cel-go each release vendors: optMap in
// cel-go 0.16 (Kubernetes 1.28), optFlatMap from 0.17 (1.29), and version 2 (optional.unwrap, unwrapOpt,
// first, last) from 0.23 (1.33).
introduce("1.28", ["optMap"]);
introduce("1.29", ["optFlatMap"]);
introduce("1.33", ["optional.unwrap", "unwrapOpt", "first", "last"]);
// library.SemverLib(SemverVersion(1))
introduce("1.33", ["semver", "isSemver", "major", "minor", "patch"]);
// ext.Lists(ListsVersion(3)); first and last come with the optional library above.
introduce("1.34", ["lists.range", "slice", "flatten", "reverse", "distinct", "sort", "sortBy"]);

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  return (KUBERNETES_VERSIONS as readonly string[]).includes(text) ? (text as KubernetesVersion) : undefined;
}

function minor(version: string): number {
  return Number(version.split(".")[1]);
}

/** The version a function needs when `version` is older than that, else undefined. */
export function versionNeeded(fn: string, version: KubernetesVersion): KubernetesVersion | undefined {
  const needed = INTRODUCED[fn];
  return needed !== undefined && minor(needed) > minor(version) ? needed : undefined;
}
