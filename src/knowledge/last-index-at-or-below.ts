/**
 * Binary search over a sorted table of `count` rows: the index of the last row whose start is at
 * or below the value looked up (`startAtOrBelow(index)` is true for a prefix of the rows and false
 * after it), or -1 when none is. The IP tables (IPv4 and IPv6 to ASN, datacenter ranges) find the
 * range that may hold an address this way, then check its end.
 */
export function lastIndexAtOrBelow(count: number, startAtOrBelow: (index: number) => boolean): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (startAtOrBelow(middle)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
