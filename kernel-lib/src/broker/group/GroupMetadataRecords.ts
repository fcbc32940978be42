// The records the group coordinator writes to __consumer_offsets (GroupMetadataManager.offsetCommitKey/Value,
// groupMetadataKey/Value and readMessageKey/readOffsetMessageValue/readGroupMessageValue), byte for byte as Kafka 3.9
// writes them: a big-endian int16 schema version, then the fields of OffsetCommitKey/OffsetCommitValue/
// GroupMetadataKey/GroupMetadataValue (group-coordinator/src/main/resources/common/message/*.json) in the classic
// non-flexible encoding: string = int16 length + UTF-8 (null = -1), bytes = int32 length + data, array = int32 count.
// Keys: offset commit version 1 (0 is the same layout), group metadata version 2. Values: offset commit version 3
// (version 1 when an explicit expire timestamp exists), group metadata version 3. A null value is a tombstone.
import { IllegalStateException } from "../../sim/errors";
import type { OffsetAndMetadata } from "./OffsetAndMetadata";

/** GroupMetadataManager.CURRENT_OFFSET_KEY_SCHEMA_VERSION / CURRENT_GROUP_KEY_SCHEMA_VERSION */
export const OFFSET_COMMIT_KEY_VERSION = 1;
export const GROUP_METADATA_KEY_VERSION = 2;
/** The value versions Kafka 3.9 writes (metadata.version ≥ IBP_2_3). */
export const OFFSET_COMMIT_VALUE_VERSION = 3;
export const GROUP_METADATA_VALUE_VERSION = 3;

export interface OffsetKey {
  kind: "offset";
  version: number;
  group: string;
  topic: string;
  partition: number;
}

export interface GroupMetadataKeyRecord {
  kind: "group";
  version: number;
  group: string;
}

export type BaseKey = OffsetKey | GroupMetadataKeyRecord;

export interface GroupMetadataMemberRecord {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValueRecord {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: number;
  members: GroupMetadataMemberRecord[];
}

// ------------------------------------------------------------------------------------------------------- writer

class Writer {
  private readonly parts: Buffer[] = [];

  int16(v: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(v, 0);
    this.parts.push(b);
    return this;
  }

  int32(v: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(v, 0);
    this.parts.push(b);
    return this;
  }

  int64(v: number): this {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(v), 0);
    this.parts.push(b);
    return this;
  }

  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const bytes = Buffer.from(s, "utf8");
    if (bytes.length > 32767) throw new IllegalStateException(`String length ${bytes.length} is larger than the maximum string length.`);
    this.int16(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  bytes(b: Buffer): this {
    this.int32(b.length);
    this.parts.push(b);
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** GroupMetadataManager.offsetCommitKey: version 1, group, topic, partition. */
export function offsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return new Writer().int16(OFFSET_COMMIT_KEY_VERSION).string(group).string(topic).int32(partition).build();
}

/** GroupMetadataManager.groupMetadataKey: version 2, group. */
export function groupMetadataKey(group: string): Buffer {
  return new Writer().int16(GROUP_METADATA_KEY_VERSION).string(group).build();
}

/** GroupMetadataManager.offsetCommitValue: version 3 (offset, leaderEpoch, metadata, commitTimestamp), or 1 with an expiry. */
export function offsetCommitValue(o: OffsetAndMetadata): Buffer {
  if (o.expireTimestamp >= 0) {
    return new Writer().int16(1).int64(o.offset).string(o.metadata).int64(o.commitTimestamp).int64(o.expireTimestamp).build();
  }
  return new Writer().int16(OFFSET_COMMIT_VALUE_VERSION).int64(o.offset).int32(o.leaderEpoch).string(o.metadata).int64(o.commitTimestamp).build();
}

/** GroupMetadataManager.groupMetadataValue, version 3. */
export function groupMetadataValue(v: GroupMetadataValueRecord): Buffer {
  const w = new Writer().int16(GROUP_METADATA_VALUE_VERSION)
    .string(v.protocolType).int32(v.generation).string(v.protocol).string(v.leader).int64(v.currentStateTimestamp)
    .int32(v.members.length);
  for (const m of v.members) {
    w.string(m.memberId).string(m.groupInstanceId).string(m.clientId).string(m.clientHost)
      .int32(m.rebalanceTimeout).int32(m.sessionTimeout).bytes(m.subscription).bytes(m.assignment);
  }
  return w.build();
}

// ------------------------------------------------------------------------------------------------------- reader

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new IllegalStateException(`Error reading field: unexpected end of buffer at ${this.pos}`);
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): number {
    this.need(8);
    const v = Number(this.buf.readBigInt64BE(this.pos));
    this.pos += 8;
    return v;
  }

  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new IllegalStateException("non-nullable field was serialized as null");
    return s;
  }

  bytes(): Buffer {
    const len = this.int32();
    if (len < 0) throw new IllegalStateException("non-nullable field was serialized as null");
    this.need(len);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + len));
    this.pos += len;
    return b;
  }

  // Flexible versions (4+) end each struct with tagged fields: an unsigned varint count, then (tag, size, data).
  skipTaggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.pos += size;
    }
  }

  uvarint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      this.need(1);
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return v;
      shift += 7;
    }
  }

  compactString(): string | null {
    const n = this.uvarint() - 1;
    if (n < 0) return null;
    this.need(n);
    const s = this.buf.toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  compactBytes(): Buffer {
    const n = this.uvarint() - 1;
    if (n < 0) throw new IllegalStateException("non-nullable field was serialized as null");
    this.need(n);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }
}

/** GroupMetadataManager.readMessageKey: version 0-1 offset commit key, 2 group metadata key. */
export function readMessageKey(buf: Buffer): BaseKey {
  const r = new Reader(buf);
  const version = r.int16();
  if (version === 0 || version === 1) return { kind: "offset", version, group: r.string(), topic: r.string(), partition: r.int32() };
  if (version === 2) return { kind: "group", version, group: r.string() };
  throw new IllegalStateException(`Unknown group metadata message version: ${version}`);
}

/** GroupMetadataManager.readOffsetMessageValue (versions 0-4); null for a tombstone. */
export function readOffsetMessageValue(buf: Buffer | null): OffsetAndMetadata | null {
  if (buf === null) return null;
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) throw new IllegalStateException(`Unknown offset message version: ${version}`);
  if (version === 4) {
    const offset = r.int64();
    const leaderEpoch = r.int32();
    const metadata = r.compactString() ?? "";
    const commitTimestamp = r.int64();
    r.skipTaggedFields();
    return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp: -1 };
  }
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = r.string();
  const commitTimestamp = r.int64();
  const expireTimestamp = version === 1 ? r.int64() : -1;
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

/** GroupMetadataManager.readGroupMessageValue (versions 0-4); null for a tombstone. */
export function readGroupMessageValue(buf: Buffer | null): GroupMetadataValueRecord | null {
  if (buf === null) return null;
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 4) throw new IllegalStateException(`Unknown group metadata message version: ${version}`);
  const flexible = version >= 4;
  const str = (): string => (flexible ? r.compactString() ?? "" : r.string());
  const nstr = (): string | null => (flexible ? r.compactString() : r.nullableString());
  const protocolType = str();
  const generation = r.int32();
  const protocol = nstr();
  const leader = nstr();
  const currentStateTimestamp = version >= 2 ? r.int64() : -1;
  const count = flexible ? r.uvarint() - 1 : r.int32();
  const members: GroupMetadataMemberRecord[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = str();
    const groupInstanceId = version >= 3 ? nstr() : null;
    const clientId = str();
    const clientHost = str();
    // Version 0 has no rebalance timeout: Kafka uses the session timeout.
    const rebalanceTimeout = version >= 1 ? r.int32() : -1;
    const sessionTimeout = r.int32();
    const subscription = flexible ? r.compactBytes() : r.bytes();
    const assignment = flexible ? r.compactBytes() : r.bytes();
    if (flexible) r.skipTaggedFields();
    members.push({ memberId, groupInstanceId, clientId, clientHost, rebalanceTimeout: rebalanceTimeout < 0 ? sessionTimeout : rebalanceTimeout, sessionTimeout, subscription, assignment });
  }
  if (flexible) r.skipTaggedFields();
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
