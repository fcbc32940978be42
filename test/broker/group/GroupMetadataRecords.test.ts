import { describe, it, expect } from "vitest";
import {
  groupMetadataKey, groupMetadataValue, offsetCommitKey, offsetCommitValue, readGroupMessageValue, readMessageKey, readOffsetMessageValue,
} from "../../../kernel-lib/src/broker/group/GroupMetadataRecords";

// Hand-built from OffsetCommitKey.json / OffsetCommitValue.json / GroupMetadataKey.json / GroupMetadataValue.json:
// int16 version, then the fields; string = int16 length + UTF-8, bytes = int32 length + data, array = int32 count.
const i16 = (v: number): Buffer => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b; };
const i32 = (v: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(v); return b; };
const i64 = (v: number): Buffer => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return b; };
const str = (s: string): Buffer => Buffer.concat([i16(Buffer.byteLength(s)), Buffer.from(s)]);
const bytes = (b: Buffer): Buffer => Buffer.concat([i32(b.length), b]);

describe("__consumer_offsets record formats", () => {
  it("OffsetCommitKey version 1: group, topic, partition", () => {
    const expected = Buffer.concat([i16(1), str("my-group"), str("first"), i32(2)]);
    expect(offsetCommitKey("my-group", "first", 2).equals(expected)).toBe(true);
    // The exact bytes: 00 01 | 00 08 "my-group" | 00 05 "first" | 00 00 00 02
    expect(offsetCommitKey("my-group", "first", 2).toString("hex")).toBe("0001" + "0008" + Buffer.from("my-group").toString("hex") + "0005" + Buffer.from("first").toString("hex") + "00000002");
    expect(readMessageKey(expected)).toEqual({ kind: "offset", version: 1, group: "my-group", topic: "first", partition: 2 });
  });

  it("OffsetCommitValue version 3: offset, leaderEpoch, metadata, commitTimestamp", () => {
    const o = { offset: 15, leaderEpoch: 3, metadata: "", commitTimestamp: 1700000012345, expireTimestamp: -1 };
    const expected = Buffer.concat([i16(3), i64(15), i32(3), str(""), i64(1700000012345)]);
    expect(offsetCommitValue(o).equals(expected)).toBe(true);
    expect(expected.length).toBe(2 + 8 + 4 + 2 + 8);
    expect(readOffsetMessageValue(expected)).toEqual(o);
  });

  it("an explicit expire timestamp is written as version 1 (no leader epoch)", () => {
    const o = { offset: 7, leaderEpoch: -1, metadata: "m", commitTimestamp: 1000, expireTimestamp: 5000 };
    const expected = Buffer.concat([i16(1), i64(7), str("m"), i64(1000), i64(5000)]);
    expect(offsetCommitValue(o).equals(expected)).toBe(true);
    expect(readOffsetMessageValue(expected)).toEqual(o);
  });

  it("reads older value versions 0 and 2", () => {
    expect(readOffsetMessageValue(Buffer.concat([i16(0), i64(9), str("x"), i64(77)]))).toEqual({ offset: 9, leaderEpoch: -1, metadata: "x", commitTimestamp: 77, expireTimestamp: -1 });
    expect(readOffsetMessageValue(Buffer.concat([i16(2), i64(9), str(""), i64(77)]))).toEqual({ offset: 9, leaderEpoch: -1, metadata: "", commitTimestamp: 77, expireTimestamp: -1 });
    expect(readOffsetMessageValue(null)).toBeNull();
  });

  it("GroupMetadataKey version 2 and GroupMetadataValue version 3", () => {
    expect(groupMetadataKey("g").equals(Buffer.concat([i16(2), str("g")]))).toBe(true);
    expect(readMessageKey(groupMetadataKey("g"))).toEqual({ kind: "group", version: 2, group: "g" });
    const sub = Buffer.from([0, 1, 2]);
    const asg = Buffer.from([9, 8]);
    const v = { protocolType: "consumer", generation: 4, protocol: "range", leader: "c-1", currentStateTimestamp: 1700000000000,
      members: [{ memberId: "c-1", groupInstanceId: null, clientId: "c", clientHost: "/h", rebalanceTimeout: 300000, sessionTimeout: 45000, subscription: sub, assignment: asg }] };
    const expected = Buffer.concat([i16(3), str("consumer"), i32(4), str("range"), str("c-1"), i64(1700000000000), i32(1),
      str("c-1"), i16(-1), str("c"), str("/h"), i32(300000), i32(45000), bytes(sub), bytes(asg)]);
    expect(groupMetadataValue(v).equals(expected)).toBe(true);
    expect(readGroupMessageValue(expected)).toEqual(v);
  });

  it("rejects an unknown key version with Kafka's message", () => {
    expect(() => readMessageKey(Buffer.concat([i16(3), str("g")]))).toThrow("Unknown group metadata message version: 3");
  });
});
