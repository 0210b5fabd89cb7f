import { createHash } from "node:crypto";

// Which members, report numbers or agency ids a file has already carried, and on which line: a
// second record with the same key in one file is refused (instead of silently overwriting the
// first, or — in one batch — conflicting with it). A file of a million members must not hold a
// million strings on the JS heap (the importer runs with a 128 MB heap), so keys are kept as two
// 32-bit words in typed arrays, open addressing with linear probing: 12 bytes per slot, at most
// half the slots used (1,000,000 members: 2^21 slots, 24 MB outside the JS heap).
//
// Identity numbers are encoded exactly (their first 17 digits decide the check character); other
// keys (report numbers, agency ids) by the first 64 bits of their MD5, where two different keys
// of one file collide with a probability of about n²/2^65 (1e-8 for a million keys).

const IDENTITY_NUMBER = /^(\d{9})(\d{8})[\dX]$/;
const INITIAL_SLOTS = 1 << 12;

function keyWords(key: string): [number, number] {
  const identity = IDENTITY_NUMBER.exec(key);
  if (identity) return [Number(identity[1]), Number(identity[2])];
  const digest = createHash("md5").update(key).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
}

/** MurmurHash3's 32-bit finaliser over both words: every input bit moves the slot. */
function mixed(high: number, low: number): number {
  let h = high ^ Math.imul(low, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class KeysSeenInFile {
  private high = new Uint32Array(INITIAL_SLOTS);
  private low = new Uint32Array(INITIAL_SLOTS);
  /** The line a slot's key was first seen on; 0 marks an empty slot (lines start at 1). */
  private lines = new Uint32Array(INITIAL_SLOTS);
  private used = 0;

  /** The line the key was seen on before, if it was. */
  lineOf(key: string): number | undefined {
    const [high, low] = keyWords(key);
    const line = this.lines[this.slotOf(high, low)];
    return line === 0 ? undefined : line;
  }

  /** Remembers the key's first line (a key already seen keeps its first line). */
  remember(key: string, line: number): void {
    const [high, low] = keyWords(key);
    const slot = this.slotOf(high, low);
    if (this.lines[slot] !== 0) return;
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    if (++this.used * 2 > this.lines.length) this.grow();
  }

  /** The key's slot, or the empty slot where it would go. */
  private slotOf(high: number, low: number): number {
    const mask = this.lines.length - 1;
    let slot = mixed(high, low) & mask;
    while (this.lines[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, lines } = this;
    this.high = new Uint32Array(lines.length * 2);
    this.low = new Uint32Array(lines.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      const slot = this.slotOf(high[i], low[i]);
      this.high[slot] = high[i];
      this.low[slot] = low[i];
      this.lines[slot] = lines[i];
    }
  }
}
