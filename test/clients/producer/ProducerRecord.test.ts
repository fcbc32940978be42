import { describe, it, expect } from "vitest";
import { ProducerRecord } from "../../../kernel-lib/src/clients/producer/ProducerRecord";
import { RecordMetadata } from "../../../kernel-lib/src/clients/producer/RecordMetadata";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";
import { StringSerializer } from "../../../kernel-lib/src/clients/common/serialization/StringSerializer";
import { IntegerSerializer } from "../../../kernel-lib/src/clients/common/serialization/IntegerSerializer";
import { IntegerDeserializer } from "../../../kernel-lib/src/clients/common/serialization/IntegerDeserializer";
import { LongSerializer } from "../../../kernel-lib/src/clients/common/serialization/LongSerializer";
import { LongDeserializer } from "../../../kernel-lib/src/clients/common/serialization/LongDeserializer";
import { JsonSerializer } from "../../../kernel-lib/src/clients/common/serialization/JsonSerializer";
import { JsonDeserializer } from "../../../kernel-lib/src/clients/common/serialization/JsonDeserializer";
import { StringDeserializer } from "../../../kernel-lib/src/clients/common/serialization/StringDeserializer";
import { ClassCastException, SerializationException } from "../../../kernel-lib/src/clients/common/serialization/SerializationException";

describe("ProducerRecord", () => {
  it("follows Java's constructor overloads", () => {
    const a = new ProducerRecord("first", "v");
    expect([a.topic, a.partition, a.timestamp, a.key, a.value]).toEqual(["first", null, null, null, "v"]);
    const b = new ProducerRecord("first", "k", "v");
    expect([b.key, b.value]).toEqual(["k", "v"]);
    const c = new ProducerRecord("first", 2, "k", "v");
    expect([c.partition, c.key, c.value]).toEqual([2, "k", "v"]);
    const d = new ProducerRecord("first", 1, 1700000000000, "k", "v", [{ key: "h", value: "x" }]);
    expect([d.partition, d.timestamp, d.headers[0]!.value!.toString()]).toEqual([1, 1700000000000, "x"]);
  });

  it("rejects negative partitions and timestamps in Kafka's words", () => {
    expect(() => new ProducerRecord("first", -1, "k", "v")).toThrow("Invalid partition: -1. Partition number should always be non-negative or null.");
    expect(() => new ProducerRecord("first", 0, -5, "k", "v")).toThrow("Invalid timestamp: -5. Timestamp should always be non-negative or null.");
  });

  it("RecordMetadata: offset = base + index, -1 when unknown", () => {
    const tp = new TopicPartition("first", 0);
    const m = new RecordMetadata(tp, 100, 3, 5, 1, 2);
    expect(m.offset).toBe(103);
    expect(m.hasOffset()).toBe(true);
    expect(m.toString()).toBe("first-0@103");
    const acks0 = new RecordMetadata(tp, -1, 3, 5, 1, 2);
    expect(acks0.offset).toBe(-1);
    expect(acks0.hasOffset()).toBe(false);
  });
});

describe("serializers", () => {
  it("String (UTF-8) round trip; wrong type is a ClassCastException", () => {
    const s = new StringSerializer();
    const bytes = s.serialize("t", "héllo")!;
    expect(Buffer.from(bytes).toString("hex")).toBe(Buffer.from("héllo", "utf8").toString("hex"));
    expect(new StringDeserializer().deserialize("t", bytes)).toBe("héllo");
    expect(s.serialize("t", null)).toBe(null);
    expect(() => s.serialize("t", 42 as never)).toThrow(ClassCastException);
  });

  it("Integer/Long big-endian; JSON", () => {
    expect(Buffer.from(new IntegerSerializer().serialize("t", -2)!).toString("hex")).toBe("fffffffe");
    expect(new IntegerDeserializer().deserialize("t", Buffer.from("0000002a", "hex"))).toBe(42);
    expect(() => new IntegerDeserializer().deserialize("t", Buffer.from("00", "hex"))).toThrow("Size of data received by IntegerDeserializer is not 4");
    expect(Buffer.from(new LongSerializer().serialize("t", 1)!).toString("hex")).toBe("0000000000000001");
    expect(new LongDeserializer().deserialize("t", Buffer.from("ffffffffffffffff", "hex"))).toBe(-1);
    const j = new JsonSerializer().serialize("t", { a: [1, "x"] })!;
    expect(Buffer.from(j).toString()).toBe('{"a":[1,"x"]}');
    expect(new JsonDeserializer().deserialize("t", j)).toEqual({ a: [1, "x"] });
    expect(() => new JsonSerializer().serialize("t", { n: 1n })).toThrow(SerializationException);
  });
});
