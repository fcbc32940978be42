import { describe, it, expect } from "vitest";
import { ProducerConfig } from "../../../kernel-lib/src/clients/producer/ProducerConfig";
import { ConfigException } from "../../../kernel-lib/src/protocol/ConfigException";

const base = { "bootstrap.servers": "hadoop102:9092", "key.serializer": "org.apache.kafka.common.serialization.StringSerializer",
  "value.serializer": "org.apache.kafka.common.serialization.StringSerializer" };
const err = (props: Record<string, unknown>): string => {
  try {
    new ProducerConfig(props as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigException);
    return (e as Error).message;
  }
  throw new Error("no ConfigException");
};

describe("ProducerConfig", () => {
  it("has Kafka 3.9 defaults", () => {
    const c = new ProducerConfig(base);
    expect(c.acks).toBe(-1);
    expect(c.enableIdempotence).toBe(true);
    expect(c.retries).toBe(2147483647);
    expect(c.batchSize).toBe(16384);
    expect(c.lingerMs).toBe(0);
    expect(c.bufferMemory).toBe(33554432);
    expect(c.compressionType).toBe("none");
    expect(c.maxRequestSize).toBe(1048576);
    expect(c.requestTimeoutMs).toBe(30000);
    expect(c.deliveryTimeoutMs).toBe(120000);
    expect(c.maxBlockMs).toBe(60000);
    expect(c.retryBackoffMs).toBe(100);
    expect(c.retryBackoffMaxMs).toBe(1000);
    expect(c.maxInFlightRequestsPerConnection).toBe(5);
    expect(c.partitionerClass).toBe(null);
    expect(c.partitionerAdaptivePartitioningEnable).toBe(true);
    expect(c.partitionerIgnoreKeys).toBe(false);
    expect(c.get("metadata.max.age.ms")).toBe(300000);
  });

  it("accepts the *_CONFIG constants as keys", () => {
    const c = new ProducerConfig({ [ProducerConfig.BOOTSTRAP_SERVERS_CONFIG]: "hadoop102:9092", [ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG]: "StringSerializer",
      [ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG]: "StringSerializer", [ProducerConfig.ACKS_CONFIG]: "1", [ProducerConfig.LINGER_MS_CONFIG]: 5 });
    expect(c.acks).toBe(1);
    expect(c.lingerMs).toBe(5);
  });

  it("rejects bad values in Kafka's words", () => {
    expect(err({ ...base, "batch.size": "abc" })).toBe("Invalid value abc for configuration batch.size: Not a number of type INT");
    expect(err({ ...base, acks: "foo" })).toBe("Invalid value foo for configuration acks: String must be one of: all, -1, 0, 1");
    expect(err({ ...base, "compression.type": "brotli" })).toBe("Invalid value brotli for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd");
    expect(err({ ...base, "linger.ms": -1 })).toBe("Invalid value -1 for configuration linger.ms: Value must be at least 0");
    expect(err({ ...base, "max.in.flight.requests.per.connection": 0 })).toBe("Invalid value 0 for configuration max.in.flight.requests.per.connection: Value must be at least 1");
    expect(err({ ...base, "enable.idempotence": "yes" })).toBe("Invalid value yes for configuration enable.idempotence: Expected value to be either true or false");
    expect(err({ ...base, "compression.gzip.level": 10 })).toBe("Invalid value 10 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1");
    expect(err({ "bootstrap.servers": "hadoop102:9092", "value.serializer": "StringSerializer" })).toBe("Invalid value null for configuration key.serializer: must be non-null.");
  });

  it("warns about unknown keys instead of failing", () => {
    const c = new ProducerConfig({ ...base, "session.timeout.ms": "10000", foo: "bar" });
    expect(c.unused).toEqual(["foo", "session.timeout.ms"]);
    expect(c.logEvents.map((e) => e.message)).toContain("These configurations '[foo, session.timeout.ms]' were supplied but are not used yet.");
  });

  it("silently disables idempotence when conflicting configs are set without it", () => {
    const acks1 = new ProducerConfig({ ...base, acks: "1" });
    expect(acks1.enableIdempotence).toBe(false);
    expect(acks1.logEvents.map((e) => e.message)).toContain("Idempotence will be disabled because acks is set to 1, not set to 'all'.");
    expect(new ProducerConfig({ ...base, retries: 0 }).enableIdempotence).toBe(false);
    expect(new ProducerConfig({ ...base, "max.in.flight.requests.per.connection": 6 }).enableIdempotence).toBe(false);
    expect(new ProducerConfig({ ...base, acks: "all" }).enableIdempotence).toBe(true);
  });

  it("throws when idempotence is explicitly enabled with conflicting configs", () => {
    expect(err({ ...base, "enable.idempotence": "true", acks: "1" }))
      .toBe("Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
    expect(err({ ...base, "enable.idempotence": true, retries: 0 })).toBe("Must set retries to non-zero when using the idempotent producer.");
    expect(err({ ...base, "enable.idempotence": true, "max.in.flight.requests.per.connection": 6 }))
      .toBe("Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.");
    expect(err({ ...base, acks: "1", "transactional.id": "tx" })).toBe("Cannot set a transactional.id without also enabling idempotence.");
  });

  it("applies the delivery.timeout.ms >= linger.ms + request.timeout.ms rule", () => {
    expect(err({ ...base, "delivery.timeout.ms": 30000, "linger.ms": 5 }))
      .toBe("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
    const raised = new ProducerConfig({ ...base, "request.timeout.ms": 200000 });
    expect(raised.deliveryTimeoutMs).toBe(200000);
    expect(raised.logEvents.map((e) => e.message)).toContain("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms. Setting it to 200000.");
  });
});
