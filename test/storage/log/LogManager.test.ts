// The broker's LogManager: loading a log dir, the periodic retention and checkpoint tasks in virtual time,
// clean shutdown (checkpoints + marker) versus a crash, asynchronous deletion of a partition directory.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { LogConfig } from "../../../kernel-lib/src/storage/log/LogConfig";
import { LogManager } from "../../../kernel-lib/src/storage/log/LogManager";
import { batch, newRuntime } from "./LogTestUtils";

let rt: Runtime;
let disk: Disk;
const LOGS = "tmp/kafka-logs";
const first0 = { topic: "first", partition: 0 };

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
});
afterEach(async () => {
  await rt.close();
});

function manager(config: LogConfig = new LogConfig()): LogManager {
  return new LogManager({ runtime: rt, disk, owner: "broker-0", logDir: "/tmp/kafka-logs", defaultConfig: config });
}

describe("LogManager", () => {
  it("creates the log dir with its checkpoint files and partition directories", () => {
    const lm = manager();
    lm.startup();
    const log = lm.getOrCreateLog(first0, { topicId: "5pTj1ZBQTdWAYCbsPSNBsA" });
    expect(lm.getOrCreateLog(first0)).toBe(log);
    expect(disk.list(LOGS)).toEqual(["first-0", "log-start-offset-checkpoint", "recovery-point-offset-checkpoint", "replication-offset-checkpoint"]);
    expect(disk.list(LOGS + "/first-0")).toEqual([
      "00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex", "leader-epoch-checkpoint",
      "partition.metadata",
    ]);
    expect(log.toString()).toBe("UnifiedLog(dir=/tmp/kafka-logs/first-0, topicId=5pTj1ZBQTdWAYCbsPSNBsA, topic=first, partition=0, " +
      "highWatermark=0, lastStableOffset=0, logStartOffset=0, logEndOffset=0)");
  });

  it("runs retention every log.retention.check.interval.ms after the initial delay", async () => {
    const S = batch(1).length;
    const lm = manager(new LogConfig({ "retention.ms": "60000", "segment.bytes": String(2 * S) }));
    lm.startup();
    const log = lm.getOrCreateLog(first0);
    const t = rt.now();
    for (let i = 0; i < 5; i++) log.appendAsLeader(batch(1, { timestamp: t }), 0);
    log.updateHighWatermark(log.logEndOffset);
    await rt.advance(30000); // first run at log.initial.task.delay.ms: nothing is 60 s old yet
    expect(log.numberOfSegments()).toBe(3);
    await rt.advance(300000); // the next run, 5 minutes later: all expired; the active segment is rolled then deleted
    expect(log.logSegments().map((s) => s.baseOffset)).toEqual([5]);
    expect(log.logStartOffset).toBe(5);
    // The checkpoint tasks ran too (every 60 s): log start offsets above the first segment's base are recorded.
    expect(disk.readAll(LOGS + "/log-start-offset-checkpoint").toString()).toBe("0\n0\n");
    expect(disk.readAll(LOGS + "/recovery-point-offset-checkpoint").toString()).toBe("0\n1\nfirst 0 5\n");
  });

  it("writes checkpoints and the clean-shutdown marker at shutdown and skips recovery on the next start", () => {
    let lm = manager();
    lm.startup();
    const log = lm.getOrCreateLog(first0);
    for (let i = 0; i < 3; i++) log.appendAsLeader(batch(2), 0);
    log.updateHighWatermark(4);
    lm.shutdown();
    expect(disk.readAll(LOGS + "/recovery-point-offset-checkpoint").toString()).toBe("0\n1\nfirst 0 6\n");
    expect(disk.readAll(LOGS + "/replication-offset-checkpoint").toString()).toBe("0\n1\nfirst 0 4\n");
    expect(disk.readAll(LOGS + "/.kafka_cleanshutdown").toString()).toBe('{"version":0,"brokerEpoch":-1}');
    lm = manager();
    lm.startup();
    expect(lm.hadCleanShutdown).toBe(true);
    expect(disk.exists(LOGS + "/.kafka_cleanshutdown")).toBe(false);
    const reloaded = lm.getLog(first0)!;
    expect(reloaded.logEndOffset).toBe(6);
    expect(reloaded.recoveryPoint).toBe(6);
    expect(reloaded.loadReport.recoveredSegments).toEqual([]);
    expect(lm.readHighWatermarks()).toEqual(new Map([["first-0", 4]]));
  });

  it("recovers from the checkpointed recovery point after a crash", () => {
    let lm = manager();
    lm.startup();
    const log = lm.getOrCreateLog(first0);
    for (let i = 0; i < 3; i++) log.appendAsLeader(batch(2), 0);
    log.flush();
    lm.checkpointLogRecoveryOffsets();
    for (let i = 0; i < 2; i++) log.appendAsLeader(batch(2), 0);
    disk.crash({ loseUnflushed: true });
    lm = manager();
    lm.startup();
    expect(lm.hadCleanShutdown).toBe(false);
    const reloaded = lm.getLog(first0)!;
    expect(reloaded.logEndOffset).toBe(6);
    expect(reloaded.loadReport.recoveredSegments.map((r) => r.baseOffset)).toEqual([0]);
  });

  it("treats a malformed recovery point checkpoint as 0 and recovers everything", () => {
    let lm = manager();
    lm.startup();
    lm.getOrCreateLog(first0).appendAsLeader(batch(2), 0);
    lm.shutdown();
    disk.delete(LOGS + "/.kafka_cleanshutdown");
    disk.writeFileAtomic(LOGS + "/recovery-point-offset-checkpoint", "garbage\n");
    lm = manager();
    lm.startup();
    expect(lm.getLog(first0)!.loadReport.recoveredSegments.map((r) => r.reason)).toEqual(["unflushed"]);
  });

  it("deletes a partition directory asynchronously", async () => {
    const lm = manager();
    lm.startup();
    lm.getOrCreateLog(first0).appendAsLeader(batch(2), 0);
    lm.asyncDelete(first0);
    expect(lm.getLog(first0)).toBeUndefined();
    const dirs = disk.list(LOGS).filter((n) => n.startsWith("first-0"));
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^first-0\.[0-9a-f]{32}-delete$/);
    await rt.advance(60000);
    expect(disk.list(LOGS).filter((n) => n.startsWith("first-0"))).toEqual([]);
  });

  it("is configured from broker properties", () => {
    const lm = LogManager.fromBrokerProps(rt, disk, "broker-0", { "log.dirs": "/var/lib/kafka", "log.retention.minutes": "10",
      "log.retention.check.interval.ms": "1000" });
    expect([lm.logDir, lm.defaultConfig.retentionMs, lm.retentionCheckMs, lm.flushRecoveryOffsetCheckpointMs]).toEqual(
      ["var/lib/kafka", 600000, 1000, 60000]);
  });
});
