/** An inclusive range of transaction numbers, start <= end. */
export interface GtidInterval {
  readonly start: bigint;
  readonly end: bigint;
}

/** Sorts intervals and merges overlapping or adjacent ones (1-3 and 4-5 become 1-5). */
export function normalizeIntervals(intervals: readonly GtidInterval[]): GtidInterval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: GtidInterval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end + 1n) {
      if (next.end > last.end) out[out.length - 1] = { start: last.start, end: next.end };
    } else {
      out.push({ start: next.start, end: next.end });
    }
  }
  return out;
}

/** Removes every number in `remove` from `from`; both inputs must be normalized. */
export function subtractIntervals(from: readonly GtidInterval[], remove: readonly GtidInterval[]): GtidInterval[] {
  const out: GtidInterval[] = [];
  let j = 0;
  for (const interval of from) {
    let start = interval.start;
    const end = interval.end;
    while (j < remove.length && remove[j]!.end < start) j++;
    let k = j;
    while (start <= end && k < remove.length && remove[k]!.start <= end) {
      const cut = remove[k]!;
      if (cut.start > start) out.push({ start, end: cut.start - 1n });
      start = cut.end + 1n;
      k++;
    }
    if (start <= end) out.push({ start, end });
  }
  return out;
}

/** Counts the transaction numbers the intervals cover. */
export function countIntervals(intervals: readonly GtidInterval[]): bigint {
  return intervals.reduce((sum, i) => sum + (i.end - i.start + 1n), 0n);
}

/** Formats intervals as MySQL does: "1-5:7:9-12". */
export function formatIntervals(intervals: readonly GtidInterval[]): string {
  return intervals.map((i) => (i.start === i.end ? `${i.start}` : `${i.start}-${i.end}`)).join(':');
}
