// String lengths as the apiserver counts them: in Unicode code points (Go runes), not UTF-16 units.

/** The number of code points in `s`. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** `codePointLength(s) > max`, without counting when the UTF-16 length already decides it. */
export function longerThan(s: string, max: number): boolean {
  return s.length > max && (s.length > 2 * max || codePointLength(s) > max);
}

/** `codePointLength(s) < min`, without counting when the UTF-16 length already decides it. */
export function shorterThan(s: string, min: number): boolean {
  return s.length < min || (s.length < 2 * min && codePointLength(s) < min);
}
