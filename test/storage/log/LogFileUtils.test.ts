import { describe, expect, it } from "vitest";
import {
  filenamePrefixFromOffset,
  logDeleteDirName,
  logDirName,
  logFileName,
  offsetFromFileName,
  offsetIndexFileName,
  parseTopicPartitionName,
  timeIndexFileName,
  transactionIndexFileName,
} from "../../../kernel-lib/src/storage/log/LogFileUtils";

describe("LogFileUtils", () => {
  it("names segment files by the 20-digit zero-padded base offset", () => {
    expect(filenamePrefixFromOffset(0)).toBe("00000000000000000000");
    expect(logFileName(0)).toBe("00000000000000000000.log");
    expect(offsetIndexFileName(12345)).toBe("00000000000000012345.index");
    expect(timeIndexFileName(12345)).toBe("00000000000000012345.timeindex");
    expect(transactionIndexFileName(7)).toBe("00000000000000000007.txnindex");
    expect(logFileName(3, ".deleted")).toBe("00000000000000000003.log.deleted");
    expect(offsetFromFileName("00000000000000012345.index")).toBe(12345);
    expect(offsetFromFileName("leader-epoch-checkpoint")).toBeNaN();
  });

  it("names and parses partition directories", () => {
    expect(logDirName({ topic: "first", partition: 0 })).toBe("first-0");
    expect(parseTopicPartitionName("__consumer_offsets-17")).toEqual({ topic: "__consumer_offsets", partition: 17 });
    expect(parseTopicPartitionName("my-topic-3")).toEqual({ topic: "my-topic", partition: 3 });
    const del = logDeleteDirName({ topic: "t", partition: 1 }, "0123456789abcdef0123456789abcdef");
    expect(del).toBe("t-1.0123456789abcdef0123456789abcdef-delete");
    expect(parseTopicPartitionName(del)).toEqual({ topic: "t", partition: 1 });
    expect(() => parseTopicPartitionName("foo", "/tmp/kafka-logs/foo")).toThrow(
      "Found directory /tmp/kafka-logs/foo, 'foo' is not in the form of topic-partition or topic-partition.uniqueId-delete " +
      "(if marked for deletion).\nKafka's log directories (and children) should only contain Kafka topic data.");
    expect(() => parseTopicPartitionName("foo-bar")).toThrow("is not in the form of topic-partition");
  });
});
