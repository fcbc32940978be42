import { describe, it, expect } from "vitest";
import { randomJavaUuidString } from "../../../kernel-lib/src/broker/group/GroupUtils";
import { abs, javaHashCode } from "../../../kernel-lib/src/protocol/Utils";
import { GroupMetadataManager } from "../../../kernel-lib/src/broker/group/GroupMetadataManager";
import { GroupCoordinatorConfig } from "../../../kernel-lib/src/broker/group/GroupCoordinatorConfig";
import { SeededRandom } from "../../../kernel-lib/src/sim/SeededRandom";
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";

describe("GroupMetadataManager.partitionFor", () => {
  it("uses Java's String.hashCode (reference §9.6 vectors)", () => {
    expect(javaHashCode("hello")).toBe(99162322);
    expect(javaHashCode("my-group")).toBe(-1906497762);
    expect(javaHashCode("test-group")).toBe(627841412);
    expect(javaHashCode("group1")).toBe(-1237460590);
    expect(javaHashCode("console-consumer-1")).toBe(35782224);
    expect(javaHashCode("polygenelubricants")).toBe(-2147483648);
    expect(abs(-2147483648)).toBe(0);
  });

  it("maps groups to __consumer_offsets partitions as Kafka does (Utils.abs(hash) % 50)", async () => {
    const runtime = new Runtime({ seed: 1 });
    try {
      const m = new GroupMetadataManager({ runtime, brokerId: 0, nodeName: "b0", config: new GroupCoordinatorConfig(),
        replicaManager: { appendRecords: () => {}, getPartition: () => undefined } });
      expect(m.partitionFor("my-group")).toBe(12);
      expect(m.partitionFor("test-group")).toBe(12);
      expect(m.partitionFor("group1")).toBe(40);
      expect(m.partitionFor("console-consumer-1")).toBe(24);
      expect(m.partitionFor("polygenelubricants")).toBe(0);
    } finally {
      await runtime.close();
    }
  });

  it("honours offsets.topic.num.partitions", async () => {
    const runtime = new Runtime({ seed: 1 });
    try {
      const m = new GroupMetadataManager({ runtime, brokerId: 0, nodeName: "b0", config: new GroupCoordinatorConfig({ "offsets.topic.num.partitions": "7" }),
        replicaManager: { appendRecords: () => {}, getPartition: () => undefined } });
      expect(m.partitionFor("my-group")).toBe(1906497762 % 7);
    } finally {
      await runtime.close();
    }
  });
});

describe("member ids", () => {
  it("are java.util.UUID strings from the seeded random, reproducibly", () => {
    const a = randomJavaUuidString(new SeededRandom(42));
    const b = randomJavaUuidString(new SeededRandom(42));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
