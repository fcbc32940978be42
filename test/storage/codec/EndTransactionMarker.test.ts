import { describe, expect, it } from "vitest";
import {
  controlRecordKey,
  ControlRecordType,
  controlRecordTypeName,
  parseControlRecordType,
} from "../../../kernel-lib/src/storage/ControlRecordType";
import { decodeRecords, isControl, isTransactional, readBatchHeader, verifyBatch } from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { buildEndTxnMarkerBatch, EndTransactionMarker, readEndTxnMarker } from "../../../kernel-lib/src/storage/EndTransactionMarker";
import { buildBatch, MemoryRecordsBuilder } from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";

describe("ControlRecordType", () => {
  it("keys are int16 version 0 + int16 type; ABORT 0, COMMIT 1", () => {
    expect(controlRecordKey(ControlRecordType.ABORT).toString("hex")).toBe("00000000");
    expect(controlRecordKey(ControlRecordType.COMMIT).toString("hex")).toBe("00000001");
    expect(controlRecordKey(ControlRecordType.LEADER_CHANGE).toString("hex")).toBe("00000002");
    expect(parseControlRecordType(Buffer.from("00000001", "hex"))).toBe(ControlRecordType.COMMIT);
    expect(parseControlRecordType(Buffer.from("00010000", "hex"))).toBe(ControlRecordType.ABORT);
    expect(parseControlRecordType(Buffer.from("00000063", "hex"))).toBe(ControlRecordType.UNKNOWN);
    expect(controlRecordTypeName(ControlRecordType.COMMIT)).toBe("COMMIT");
  });

  it("rejects bad keys in Kafka's words", () => {
    expect(() => parseControlRecordType(Buffer.from("0000", "hex"))).toThrow(
      "Invalid value size found for end control record key. Must have at least 4 bytes, but found only 2");
    expect(() => parseControlRecordType(Buffer.from("ffff0001", "hex"))).toThrow(
      "Invalid version found for control record: -1. May indicate data corruption");
    expect(() => controlRecordKey(ControlRecordType.UNKNOWN)).toThrow("Cannot serialize UNKNOWN control record type");
  });
});

describe("EndTransactionMarker", () => {
  it("serializes the value as int16 version 0 + int32 coordinatorEpoch and back", () => {
    const m = new EndTransactionMarker(ControlRecordType.COMMIT, 258);
    expect(m.serializeValue().toString("hex")).toBe("000000000102");
    const back = EndTransactionMarker.deserialize({ key: controlRecordKey(ControlRecordType.COMMIT), value: m.serializeValue() });
    expect(back).toEqual(m);
    expect(String(back)).toBe("EndTransactionMarker(type=COMMIT, coordinatorEpoch=258)");
  });

  it("rejects non-marker types and short values", () => {
    expect(() => new EndTransactionMarker(ControlRecordType.LEADER_CHANGE, 0)).toThrow(
      "Invalid control record type for end transaction markerLEADER_CHANGE");
    expect(() => EndTransactionMarker.deserializeValue(ControlRecordType.ABORT, Buffer.from("0000", "hex"))).toThrow(
      "Invalid value size found for end transaction marker. Must have at least 6 bytes, but found only 2");
    expect(() => EndTransactionMarker.deserializeValue(ControlRecordType.ABORT, Buffer.from("fffe00000000", "hex"))).toThrow(
      "Invalid version found for end transaction marker: -2. May indicate data corruption");
  });

  it("a marker batch is control + transactional, baseSequence -1, exactly one record taking one offset", () => {
    const batch = buildEndTxnMarkerBatch({
      baseOffset: 41, timestamp: 1700000000000, producerId: 4000, producerEpoch: 9, marker: new EndTransactionMarker(ControlRecordType.ABORT, 3),
    });
    verifyBatch(batch);
    const h = readBatchHeader(batch);
    expect(isControl(h) && isTransactional(h)).toBe(true);
    expect(h).toMatchObject({ baseOffset: 41, lastOffsetDelta: 0, recordsCount: 1, baseSequence: -1, producerId: 4000, producerEpoch: 9, partitionLeaderEpoch: -1 });
    expect(decodeRecords(batch).map((r) => r.offset)).toEqual([41]);
    expect(readEndTxnMarker(batch)).toEqual(new EndTransactionMarker(ControlRecordType.ABORT, 3));
  });

  it("needs a producer id and the transactional flag (MemoryRecordsBuilder.appendEndTxnMarker)", () => {
    const m = new EndTransactionMarker(ControlRecordType.COMMIT, 0);
    expect(() => new MemoryRecordsBuilder({ isControl: true, isTransactional: true }).appendEndTxnMarker(0, m)).toThrow(
      "End transaction marker requires a valid producerId");
    expect(() => new MemoryRecordsBuilder({ isControl: true, producerId: 1, producerEpoch: 0 }).appendEndTxnMarker(0, m)).toThrow(
      "End transaction marker depends on batch transactional flag being enabled");
  });

  it("readEndTxnMarker refuses a data batch", () => {
    expect(() => readEndTxnMarker(buildBatch([{ timestamp: 0, key: null, value: null }]))).toThrow("Record is not a control record");
  });
});
