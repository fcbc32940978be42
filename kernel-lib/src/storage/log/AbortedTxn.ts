// One entry of the transaction index (org.apache.kafka.storage.internals.log.AbortedTxn): 34 bytes,
// version int16 (0), producerId int64, firstOffset int64, lastOffset int64, lastStableOffset int64.

const TWO_32 = 4294967296;

export class AbortedTxn {
  static readonly CURRENT_VERSION = 0;
  static readonly TOTAL_SIZE = 34;

  constructor(
    readonly producerId: number,
    readonly firstOffset: number,
    readonly lastOffset: number,
    readonly lastStableOffset: number,
    readonly version = AbortedTxn.CURRENT_VERSION,
  ) {}

  /** Writes the 34-byte entry at `pos` of `buf`. */
  writeTo(buf: Buffer, pos = 0): void {
    buf.writeInt16BE(this.version, pos);
    writeInt64(buf, pos + 2, this.producerId);
    writeInt64(buf, pos + 10, this.firstOffset);
    writeInt64(buf, pos + 18, this.lastOffset);
    writeInt64(buf, pos + 26, this.lastStableOffset);
  }

  static readFrom(buf: Buffer, pos = 0): AbortedTxn {
    return new AbortedTxn(readInt64(buf, pos + 2), readInt64(buf, pos + 10), readInt64(buf, pos + 18),
      readInt64(buf, pos + 26), buf.readInt16BE(pos));
  }

  toString(): string {
    return "AbortedTxn(version=" + this.version + ", producerId=" + this.producerId + ", firstOffset=" + this.firstOffset +
      ", lastOffset=" + this.lastOffset + ", lastStableOffset=" + this.lastStableOffset + ")";
  }
}

function writeInt64(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * TWO_32, pos + 4);
}

function readInt64(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}
