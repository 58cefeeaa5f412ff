/** Protobuf base-128 varints for the hand-written encoders (values 0..2^53-1). */

/** Bytes the varint of `n` takes. */
export function varintSize(n: number): number {
  let size = 1;
  for (let v = n; v >= 0x80; v = Math.floor(v / 128)) size++;
  return size;
}

/** Writes the varint of `n` into `out` at `at`; returns the position after it. */
export function writeVarint(out: Uint8Array, at: number, n: number): number {
  let pos = at;
  let v = n;
  while (v >= 0x80) {
    out[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[pos++] = v;
  return pos;
}
