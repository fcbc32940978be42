// org.apache.kafka.clients.consumer.internals.ConsumerProtocol: the bytes a consumer puts in JoinGroup
// (ConsumerProtocolSubscription) and the leader puts in SyncGroup (ConsumerProtocolAssignment), with Kafka's
// schemas (clients/src/main/resources/common/message/ConsumerProtocol*.json, non-flexible encoding):
//   int16 version, then
//   Subscription v0: Topics [string], UserData nullable bytes; v1+: OwnedPartitions [{Topic, Partitions [int32]}];
//                v2+: GenerationId int32 (default -1); v3+: RackId nullable string
//   Assignment  v0-3: AssignedPartitions [{Topic, Partitions [int32]}], UserData nullable bytes
// Strings are int16 length + UTF-8 (-1 = null); arrays int32 count; bytes int32 length (-1 = null). Readers
// accept any version and ignore trailing fields of newer ones, as Kafka's do.
import { TopicPartition } from "../../protocol/TopicPartition";
import { Assignment, Subscription } from "./ConsumerPartitionAssignor";

export const CONSUMER_PROTOCOL_TYPE = "consumer";
/** ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION in 3.9. */
export const SUBSCRIPTION_VERSION = 3;
/** ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION in 3.9. */
export const ASSIGNMENT_VERSION = 3;

/** A growable big-endian writer for the protocol's plain (non-flexible) encoding. */
export class ProtocolWriter {
  private buf = Buffer.allocUnsafe(64);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int16(v: number): this {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }

  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const len = Buffer.byteLength(s, "utf8");
    this.int16(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, "utf8");
    return this;
  }

  bytes(b: Uint8Array | null): this {
    if (b === null) return this.int32(-1);
    this.int32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** [{Topic, Partitions [int32]}] grouped by topic in first-seen order. */
  topicPartitions(tps: readonly TopicPartition[]): this {
    const byTopic = groupByTopic(tps);
    this.int32(byTopic.size);
    for (const [topic, parts] of byTopic) {
      this.string(topic);
      this.int32(parts.length);
      for (const p of parts) this.int32(p);
    }
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** The matching reader; throws SchemaException-like errors on truncated input. */
export class ProtocolReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) throw new SchemaException(`Error reading field '${what}': not enough bytes (need ${n}, ${this.remaining()} left)`);
  }

  int16(what = "int16"): number {
    this.need(2, what);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(what = "int32"): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  string(what = "string"): string | null {
    const len = this.int16(what);
    if (len < 0) return null;
    this.need(len, what);
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  bytes(what = "bytes"): Buffer | null {
    const len = this.int32(what);
    if (len < 0) return null;
    this.need(len, what);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + len));
    this.pos += len;
    return b;
  }

  topicPartitions(what: string): TopicPartition[] {
    const n = this.int32(what);
    const out: TopicPartition[] = [];
    for (let i = 0; i < n; i++) {
      const topic = this.string("topic") ?? "";
      const m = this.int32("partitions");
      for (let j = 0; j < m; j++) out.push(new TopicPartition(topic, this.int32("partition")));
    }
    return out;
  }
}

/** org.apache.kafka.common.protocol.types.SchemaException */
export class SchemaException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaException";
  }
}

function groupByTopic(tps: readonly TopicPartition[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const tp of tps) {
    let list = m.get(tp.topic);
    if (list === undefined) m.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  return m;
}

/** ConsumerProtocol.serializeSubscription */
export function serializeSubscription(s: Subscription, version = SUBSCRIPTION_VERSION): Buffer {
  const w = new ProtocolWriter().int16(version);
  w.int32(s.topics.length);
  for (const t of s.topics) w.string(t);
  w.bytes(s.userData);
  if (version >= 1) w.topicPartitions(s.ownedPartitions);
  if (version >= 2) w.int32(s.generationId);
  if (version >= 3) w.string(s.rackId);
  return w.toBuffer();
}

/** ConsumerProtocol.deserializeSubscription */
export function deserializeSubscription(buf: Buffer): Subscription {
  const r = new ProtocolReader(buf);
  const version = r.int16("version");
  const n = r.int32("topics");
  const topics: string[] = [];
  for (let i = 0; i < n; i++) topics.push(r.string("topics") ?? "");
  const userData = r.bytes("user_data");
  const owned = version >= 1 && r.remaining() > 0 ? r.topicPartitions("owned_partitions") : [];
  const generationId = version >= 2 && r.remaining() > 0 ? r.int32("generation_id") : -1;
  const rackId = version >= 3 && r.remaining() > 0 ? r.string("rack_id") : null;
  return new Subscription(topics, userData, owned, generationId, rackId);
}

/** ConsumerProtocol.serializeAssignment */
export function serializeAssignment(a: Assignment, version = ASSIGNMENT_VERSION): Buffer {
  return new ProtocolWriter().int16(version).topicPartitions(a.partitions).bytes(a.userData).toBuffer();
}

/** ConsumerProtocol.deserializeAssignment; an empty buffer is an empty assignment (a member left out). */
export function deserializeAssignment(buf: Buffer): Assignment {
  if (buf.length === 0) return new Assignment([]);
  const r = new ProtocolReader(buf);
  r.int16("version");
  const partitions = r.topicPartitions("assigned_partitions");
  const userData = r.remaining() > 0 ? r.bytes("user_data") : null;
  return new Assignment(partitions, userData);
}
