// Kafka's small per-directory files: offset checkpoints, meta.properties, partition.metadata, the clean-shutdown
// marker; exact text and errors for malformed files.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { CleanShutdownFileHandler } from "../../../kernel-lib/src/storage/checkpoint/CleanShutdownFileHandler";
import { MetaProperties } from "../../../kernel-lib/src/storage/checkpoint/MetaProperties";
import { OffsetCheckpointFile } from "../../../kernel-lib/src/storage/checkpoint/OffsetCheckpointFile";
import { PartitionMetadataFile } from "../../../kernel-lib/src/storage/checkpoint/PartitionMetadataFile";
import {
  InconsistentBrokerIdException,
  InconsistentClusterIdException,
  KafkaStorageException,
} from "../../../kernel-lib/src/storage/log/errors";
import { newRuntime } from "./LogTestUtils";

let rt: Runtime;
let disk: Disk;
const FILE = "tmp/kafka-logs/recovery-point-offset-checkpoint";

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
  disk.mkdirs("tmp/kafka-logs");
});
afterEach(async () => {
  await rt.close();
});

function readError(f: OffsetCheckpointFile): Error {
  try {
    f.read();
  } catch (e) {
    return e as Error;
  }
  throw new Error("no error");
}

describe("OffsetCheckpointFile", () => {
  it("writes version, count and `topic partition offset` lines, atomically and flushed", () => {
    const f = new OffsetCheckpointFile(disk, FILE);
    expect(disk.readAll(FILE).length).toBe(0);
    expect(f.read()).toEqual([]);
    f.write([
      { topicPartition: { topic: "first", partition: 1 }, offset: 7 },
      { topicPartition: { topic: "__consumer_offsets", partition: 17 }, offset: 0 },
      { topicPartition: { topic: "first", partition: 0 }, offset: 5 },
    ]);
    expect(disk.readAll(FILE).toString()).toBe("0\n3\n__consumer_offsets 17 0\nfirst 0 5\nfirst 1 7\n");
    expect(disk.unflushedBytes(FILE)).toBe(0);
    expect(f.readMap()).toEqual(new Map([["__consumer_offsets-17", 0], ["first-0", 5], ["first-1", 7]]));
  });

  it("refuses malformed files with Kafka's messages", () => {
    const f = new OffsetCheckpointFile(disk, FILE);
    disk.writeFileAtomic(FILE, "0\n1\nfirst zero 5\n");
    let e = readError(f);
    expect(e).toBeInstanceOf(KafkaStorageException);
    expect(e.message).toBe("Error while reading checkpoint file /tmp/kafka-logs/recovery-point-offset-checkpoint");
    expect((e.cause as Error).message).toBe("Malformed line in checkpoint file [/tmp/kafka-logs/recovery-point-offset-checkpoint]: first zero 5");
    disk.writeFileAtomic(FILE, "0\n1\nfirst 0\n");
    expect((readError(f).cause as Error).message).toBe("Malformed line in checkpoint file [/tmp/kafka-logs/recovery-point-offset-checkpoint]: first 0");
    disk.writeFileAtomic(FILE, "1\n0\n");
    expect((readError(f).cause as Error).message).toBe("Unrecognised version:1, expected version: 0 in checkpoint file at: " +
      "/tmp/kafka-logs/recovery-point-offset-checkpoint");
    disk.writeFileAtomic(FILE, "0\n2\nfirst 0 5\n");
    expect((readError(f).cause as Error).message).toBe("Expected [2] entries in checkpoint file " +
      "[/tmp/kafka-logs/recovery-point-offset-checkpoint], but found only [1]");
    disk.writeFileAtomic(FILE, "x\n");
    e = readError(f);
    expect((e.cause as Error).message).toBe("Malformed line in checkpoint file [/tmp/kafka-logs/recovery-point-offset-checkpoint]: x");
  });
});

describe("meta.properties", () => {
  it("is written as java.util.Properties.store writes it, dated by the runtime clock", () => {
    const meta = new MetaProperties(0, "MkU3OEVBNTcwNTJENDM2Qg", 1);
    meta.write(disk, "tmp/kafka-logs", rt.now());
    expect(disk.readAll("tmp/kafka-logs/meta.properties").toString()).toBe(
      "#\n#Tue Nov 14 22:13:20 UTC 2023\nbroker.id=1\nversion=0\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n");
    expect(new MetaProperties(1, "MkU3OEVBNTcwNTJENDM2Qg", 3, "7Pe5ucV9SvWe9Q7yykJIBg").format(rt.now())).toBe(
      "#\n#Tue Nov 14 22:13:20 UTC 2023\nnode.id=3\ndirectory.id=7Pe5ucV9SvWe9Q7yykJIBg\nversion=1\ncluster.id=MkU3OEVBNTcwNTJENDM2Qg\n");
    const back = MetaProperties.read(disk, "tmp/kafka-logs")!;
    expect([back.version, back.clusterId, back.nodeId, back.directoryId]).toEqual([0, "MkU3OEVBNTcwNTJENDM2Qg", 1, null]);
    expect(MetaProperties.read(disk, "elsewhere")).toBeNull();
  });

  it("refuses another cluster's or another broker's directory with Kafka 3.9's messages", () => {
    const meta = new MetaProperties(0, "MkU3OEVBNTcwNTJENDM2Qg", 1);
    expect(() => meta.verify("tmp/kafka-logs", "MkU3OEVBNTcwNTJENDM2Qg", 1)).not.toThrow();
    expect(() => meta.verify("tmp/kafka-logs", "AAAAAAAAAAAAAAAAAAAAAA", 1)).toThrow(InconsistentClusterIdException);
    expect(() => meta.verify("tmp/kafka-logs", "AAAAAAAAAAAAAAAAAAAAAA", 1)).toThrow(
      "Invalid cluster.id in: /tmp/kafka-logs/meta.properties. Expected AAAAAAAAAAAAAAAAAAAAAA, but read MkU3OEVBNTcwNTJENDM2Qg");
    expect(() => meta.verify("tmp/kafka-logs", "MkU3OEVBNTcwNTJENDM2Qg", 2)).toThrow(InconsistentBrokerIdException);
    expect(() => meta.verify("tmp/kafka-logs", "MkU3OEVBNTcwNTJENDM2Qg", 2)).toThrow(
      "Stored node id 1 doesn't match previous node id 2 in /tmp/kafka-logs/meta.properties. If you moved your data, make sure " +
      "your configured node id matches. If you intend to create a new node, you should remove all data in your data directories.");
  });
});

describe("partition.metadata and .kafka_cleanshutdown", () => {
  it("writes and reads them", () => {
    disk.mkdirs("tmp/kafka-logs/first-0");
    const pm = new PartitionMetadataFile(disk, "tmp/kafka-logs/first-0/partition.metadata");
    pm.record("5pTj1ZBQTdWAYCbsPSNBsA");
    expect(disk.readAll("tmp/kafka-logs/first-0/partition.metadata").toString()).toBe("version: 0\ntopic_id: 5pTj1ZBQTdWAYCbsPSNBsA");
    expect(pm.read()).toBe("5pTj1ZBQTdWAYCbsPSNBsA");
    const marker = new CleanShutdownFileHandler(disk, "tmp/kafka-logs");
    expect(marker.exists()).toBe(false);
    marker.write(12);
    expect(disk.readAll("tmp/kafka-logs/.kafka_cleanshutdown").toString()).toBe('{"version":0,"brokerEpoch":12}');
    expect(marker.read()).toBe(12);
  });
});
