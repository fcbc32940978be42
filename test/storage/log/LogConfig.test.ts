// Topic configs: Kafka 3.9 defaults, ConfigDef's error wording, unknown names, broker synonyms.
import { describe, expect, it } from "vitest";
import { ConfigException, InvalidConfigurationException } from "../../../kernel-lib/src/storage/log/errors";
import { LogConfig, topicDefaultsFromBrokerProps } from "../../../kernel-lib/src/storage/log/LogConfig";

function error(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("no error");
}

describe("LogConfig", () => {
  it("has Kafka 3.9's defaults", () => {
    const c = new LogConfig();
    expect(c.segmentSize).toBe(1073741824);
    expect(c.segmentMs).toBe(604800000);
    expect(c.segmentJitterMs).toBe(0);
    expect(c.maxIndexSize).toBe(10485760);
    expect(c.indexInterval).toBe(4096);
    expect(c.retentionMs).toBe(604800000);
    expect(c.retentionSize).toBe(-1);
    expect([c.delete, c.compact]).toEqual([true, false]);
    expect(c.maxMessageSize).toBe(1048588);
    expect(c.messageTimestampType).toBe("CreateTime");
    expect(c.fileDeleteDelayMs).toBe(60000);
    expect(c.minInSyncReplicas).toBe(1);
    expect(c.uncleanLeaderElectionEnable).toBe(false);
    expect(c.compressionType).toBe("producer");
    expect(c.deleteRetentionMs).toBe(86400000);
    expect(c.minCleanableRatio).toBe(0.5);
    expect(c.valueString("flush.messages")).toBe("9223372036854775807");
    expect(c.valueString("flush.ms")).toBe("9223372036854775807");
    expect(c.valueString("min.cleanable.dirty.ratio")).toBe("0.5");
    expect(c.valueString("cleanup.policy")).toBe("delete");
    expect(LogConfig.serverConfigName("retention.ms")).toBe("log.retention.ms");
    expect(LogConfig.configNames()).toContain("message.timestamp.after.max.ms");
  });

  it("refuses bad values in ConfigDef's words", () => {
    const cases: [Record<string, string>, string][] = [
      [{ "segment.bytes": "abc" }, "Invalid value abc for configuration segment.bytes: Not a number of type INT"],
      [{ "segment.bytes": "10" }, "Invalid value 10 for configuration segment.bytes: Value must be at least 14"],
      [{ "segment.bytes": "2147483648" }, "Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT"],
      [{ "segment.ms": "0" }, "Invalid value 0 for configuration segment.ms: Value must be at least 1"],
      [{ "retention.ms": "-2" }, "Invalid value -2 for configuration retention.ms: Value must be at least -1"],
      [{ "retention.ms": "1.5" }, "Invalid value 1.5 for configuration retention.ms: Not a number of type LONG"],
      [{ "min.cleanable.dirty.ratio": "2" }, "Invalid value 2.0 for configuration min.cleanable.dirty.ratio: Value must be no more than 1"],
      [{ "cleanup.policy": "compact,foo" }, "Invalid value foo for configuration cleanup.policy: String must be one of: compact, delete"],
      [{ "message.timestamp.type": "Now" }, "Invalid value Now for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime"],
      [{ "compression.type": "brotli" }, "Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"],
      [{ "unclean.leader.election.enable": "yes" }, "Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false"],
      [{ "min.insync.replicas": "0" }, "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1"],
    ];
    for (const [props, message] of cases) {
      const e = error(() => new LogConfig(props));
      expect(e).toBeInstanceOf(ConfigException);
      expect(e.message).toBe(message);
      expect(error(() => LogConfig.validate(props)).message).toBe(message);
    }
    // Values are trimmed; booleans are case-insensitive; lists split on commas.
    const c = new LogConfig({ "retention.ms": " 1000 ", "preallocate": "TRUE", "cleanup.policy": "compact, delete" });
    expect([c.retentionMs, c.preallocate, c.compact, c.delete]).toEqual([1000, true, true, true]);
  });

  it("refuses unknown names and conflicting compaction lags", () => {
    const e = error(() => LogConfig.validate({ foo: "1" }));
    expect(e).toBeInstanceOf(InvalidConfigurationException);
    expect(e.message).toBe("Unknown topic config name: foo");
    expect(error(() => LogConfig.validate({ "min.compaction.lag.ms": "10", "max.compaction.lag.ms": "5" })).message).toBe(
      "conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)");
  });

  it("takes topic defaults from the broker: log.retention.ms > minutes > hours", () => {
    expect(topicDefaultsFromBrokerProps({})["retention.ms"]).toBe("604800000");
    expect(topicDefaultsFromBrokerProps({ "log.retention.hours": "1" })["retention.ms"]).toBe("3600000");
    expect(topicDefaultsFromBrokerProps({ "log.retention.hours": "1", "log.retention.minutes": "2" })["retention.ms"]).toBe("120000");
    expect(topicDefaultsFromBrokerProps({ "log.retention.hours": "1", "log.retention.minutes": "2", "log.retention.ms": "5000" })["retention.ms"])
      .toBe("5000");
    expect(topicDefaultsFromBrokerProps({ "log.retention.ms": "-5" })["retention.ms"]).toBe("-1");
    const d = topicDefaultsFromBrokerProps({ "log.roll.hours": "1", "log.segment.bytes": "1048576", "message.max.bytes": "2000" });
    expect([d["segment.ms"], d["segment.bytes"], d["max.message.bytes"], d["flush.ms"]]).toEqual(["3600000", "1048576", "2000", "9223372036854775807"]);
    const config = LogConfig.fromProps(topicDefaultsFromBrokerProps({ "log.retention.minutes": "10" }), { "retention.bytes": "1000" });
    expect([config.retentionMs, config.retentionSize, [...config.overriddenConfigs]]).toEqual([600000, 1000, ["retention.bytes"]]);
    expect(error(() => topicDefaultsFromBrokerProps({ "log.retention.hours": "x" })).message).toBe(
      "Invalid value x for configuration log.retention.hours: Not a number of type INT");
  });
});
