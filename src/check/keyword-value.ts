// Whether a keyword counts as present. The apiserver decodes schemas into Go structs, so `false`,
// `""` and empty lists are indistinguishable from an absent keyword.
export function isSetKeyword(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
