// The leader epoch cache (§8.5): assignments, endOffsetFor's cases, truncation from both ends, and the
// `leader-epoch-checkpoint` text.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "../../../kernel-lib/src/sim";
import type { Disk } from "../../../kernel-lib/src/sim/Disk";
import { LeaderEpochCheckpointFile } from "../../../kernel-lib/src/storage/checkpoint/LeaderEpochCheckpointFile";
import { LeaderEpochFileCache } from "../../../kernel-lib/src/storage/log/LeaderEpochFileCache";
import { newRuntime } from "./LogTestUtils";

let rt: Runtime;
let disk: Disk;
const FILE = "kafka-logs/first-0/leader-epoch-checkpoint";

beforeEach(() => {
  rt = newRuntime();
  disk = rt.disk("broker-0");
  disk.mkdirs("kafka-logs/first-0");
});
afterEach(async () => {
  await rt.close();
});

function newCache(): LeaderEpochFileCache {
  return new LeaderEpochFileCache("first-0", new LeaderEpochCheckpointFile(disk, FILE));
}

describe("LeaderEpochFileCache", () => {
  it("persists (epoch, start offset) pairs in Kafka's checkpoint format", () => {
    const cache = newCache();
    expect(disk.readAll(FILE).length).toBe(0); // created empty
    cache.assign(0, 0);
    cache.assign(0, 5); // same epoch, later offset: no change
    cache.assign(1, 157);
    expect(disk.readAll(FILE).toString()).toBe("0\n2\n0 0\n1 157\n");
    expect(newCache().epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 157 }]);
    expect(() => cache.assign(-1, 3)).toThrow("Received invalid partition leader epoch entry EpochEntry(epoch=-1, startOffset=3)");
  });

  it("answers endOffsetFor per §8.5", () => {
    const cache = newCache();
    cache.assign(0, 0);
    cache.assign(1, 157);
    cache.assign(3, 300);
    const LEO = 420;
    // The latest epoch: its end is the LEO.
    expect(cache.endOffsetFor(3, LEO)).toEqual({ epoch: 3, endOffset: 420 });
    // An older epoch: (that epoch, start of the next epoch).
    expect(cache.endOffsetFor(0, LEO)).toEqual({ epoch: 0, endOffset: 157 });
    expect(cache.endOffsetFor(1, LEO)).toEqual({ epoch: 1, endOffset: 300 });
    // An epoch the cache never saw: (largest epoch <= requested, start of the first epoch > requested).
    expect(cache.endOffsetFor(2, LEO)).toEqual({ epoch: 1, endOffset: 300 });
    // Undefined epoch, or newer than anything known: (-1, -1).
    expect(cache.endOffsetFor(-1, LEO)).toEqual({ epoch: -1, endOffset: -1 });
    expect(cache.endOffsetFor(4, LEO)).toEqual({ epoch: -1, endOffset: -1 });
    // Below every known epoch: (requested, start of the first known epoch).
    const later = new LeaderEpochFileCache("t-0", null);
    later.assign(2, 100);
    later.assign(3, 300);
    expect(later.endOffsetFor(1, LEO)).toEqual({ epoch: 1, endOffset: 100 });
    expect(new LeaderEpochFileCache("t-0", null).endOffsetFor(0, LEO)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it("drops conflicting entries on assign and truncates from both ends", () => {
    const cache = newCache();
    cache.assign(0, 0);
    cache.assign(1, 157);
    cache.assign(3, 300);
    // A new entry removes later entries whose epoch or start offset is not below it.
    cache.assign(2, 200);
    expect(cache.epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 157 }, { epoch: 2, startOffset: 200 }]);
    cache.truncateFromEnd(200); // entries starting at or after 200 go
    expect(cache.epochEntries()).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 157 }]);
    cache.truncateFromStart(160); // the last entry before 160 now starts at 160
    expect(cache.epochEntries()).toEqual([{ epoch: 1, startOffset: 160 }]);
    expect(disk.readAll(FILE).toString()).toBe("0\n1\n1 160\n");
    cache.truncateFromStart(160); // exclusive: keeps the entry at 160
    expect(cache.epochEntries()).toEqual([{ epoch: 1, startOffset: 160 }]);
    expect(cache.epochForOffset(170)).toBe(1);
    cache.clearAndFlush();
    expect(disk.readAll(FILE).toString()).toBe("0\n0\n");
  });
});
