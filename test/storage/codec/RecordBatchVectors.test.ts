import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAllCodecs } from "../../../kernel-lib/src/storage/compression";
import { CompressionType } from "../../../kernel-lib/src/storage/compression/CompressionType";
import { ControlRecordType } from "../../../kernel-lib/src/storage/ControlRecordType";
import {
  compressionOf,
  computeChecksum,
  decodeRecords,
  isControl,
  isTransactional,
  lastOffsetOf,
  readBatchHeader,
  setBaseOffset,
  timestampTypeOf,
  verifyBatch,
} from "../../../kernel-lib/src/storage/DefaultRecordBatch";
import { buildEndTxnMarkerBatch, EndTransactionMarker, readEndTxnMarker } from "../../../kernel-lib/src/storage/EndTransactionMarker";
import { batchesIn } from "../../../kernel-lib/src/storage/MemoryRecords";
import { buildBatch } from "../../../kernel-lib/src/storage/MemoryRecordsBuilder";

// Batches written by an independent implementation (kafka-python 2.0.2) with its own codecs.
interface VectorRecord {
  offset: number;
  timestamp: number;
  key?: string | null;
  value?: string | null;
  keyHex?: string;
  valueHex?: string;
  headers: [string, string | null][];
}
interface Vector {
  name: string;
  hex: string;
  header: {
    baseOffset: number; batchLength: number; partitionLeaderEpoch: number; magic: number; crc: number; attributes: number;
    lastOffsetDelta: number; baseTimestamp: number; maxTimestamp: number; producerId: number; producerEpoch: number;
    baseSequence: number; recordsCount: number;
  };
  records: VectorRecord[];
}
const file = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "vectors", "record-batches.json"), "utf8")) as {
  crc32cCheck: { input: string; crc32c: string };
  vectors: Vector[];
};
const vectors = file.vectors;
const byName = (name: string): Vector => vectors.find((v) => v.name === name)!;
const bytesOf = (v: Vector): Buffer => Buffer.from(v.hex, "hex");
const str = (b: Buffer | null): string | null => (b === null ? null : b.toString("utf8"));

beforeAll(async () => {
  await loadAllCodecs();
});

describe("record batch vectors (kafka-python 2.0.2)", () => {
  it("cover every codec, idempotence, transactions and both markers", () => {
    expect(vectors.map((v) => v.name)).toEqual([
      "plain-none", "plain-gzip", "plain-snappy", "plain-lz4", "plain-zstd", "idempotent", "transactional-gzip",
      "base-offset-42", "control-commit", "control-abort",
    ]);
  });

  describe.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    it("has a valid CRC-32C and the header field by field", () => {
      const buf = bytesOf(v);
      expect(() => verifyBatch(buf)).not.toThrow();
      expect(computeChecksum(buf)).toBe(v.header.crc);
      const h = readBatchHeader(buf);
      expect(h).toEqual(v.header);
      expect(buf.length).toBe(v.header.batchLength + 12);
      expect(lastOffsetOf(h)).toBe(v.header.baseOffset + v.header.lastOffsetDelta);
      expect(compressionOf(h)).toBe(v.header.attributes & 7);
      expect(timestampTypeOf(h)).toBe("CreateTime");
    });

    it("decodes every record: offset, timestamp, key, value, headers (nulls preserved)", () => {
      const records = decodeRecords(bytesOf(v));
      expect(records.length).toBe(v.records.length);
      records.forEach((r, i) => {
        const want = v.records[i]!;
        expect(r.offset).toBe(want.offset);
        expect(r.timestamp).toBe(want.timestamp);
        if (want.keyHex !== undefined) {
          expect(r.key!.toString("hex")).toBe(want.keyHex);
          expect(r.value!.toString("hex")).toBe(want.valueHex);
        } else {
          expect(str(r.key)).toBe(want.key);
          expect(str(r.value)).toBe(want.value);
        }
        expect(r.headers.map((h) => [h.key, str(h.value)])).toEqual(want.headers);
        const seq = v.header.baseSequence;
        expect(r.sequence).toBe(seq < 0 ? -1 : seq + (want.offset - v.header.baseOffset));
      });
    });
  });

  it("keeps the null key, the tombstone and the null header value as null (not empty)", () => {
    const records = decodeRecords(bytesOf(byName("plain-none")));
    expect(records[1]!.key).toBeNull();
    expect(records[2]!.value).toBeNull();
    expect(records[0]!.headers[1]).toEqual({ key: "empty", value: null });
  });

  it("control batches decode to their marker type and coordinator epoch", () => {
    const commit = bytesOf(byName("control-commit"));
    const abort = bytesOf(byName("control-abort"));
    for (const buf of [commit, abort]) {
      const h = readBatchHeader(buf);
      expect(isControl(h)).toBe(true);
      expect(isTransactional(h)).toBe(true);
      expect(h.recordsCount).toBe(1);
    }
    const c = readEndTxnMarker(commit);
    expect(c.type).toBe(ControlRecordType.COMMIT);
    expect(c.coordinatorEpoch).toBe(7);
    const a = readEndTxnMarker(abort);
    expect(a.type).toBe(ControlRecordType.ABORT);
    expect(a.coordinatorEpoch).toBe(7);
  });

  it("batchesIn walks all vectors laid end to end", () => {
    const all = Buffer.concat(vectors.map(bytesOf));
    const found = [...batchesIn(all)];
    expect(found.map((b) => b.size)).toEqual(vectors.map((v) => v.hex.length / 2));
    let position = 0;
    found.forEach((b, i) => {
      expect(b.position).toBe(position);
      expect(b.header).toEqual(vectors[i]!.header);
      position += b.size;
    });
  });
});

describe("encoding reproduces the vectors' bytes exactly (compression none)", () => {
  function recordsOf(v: Vector) {
    return v.records.map((r) => ({
      timestamp: r.timestamp,
      key: r.key == null ? null : Buffer.from(r.key, "utf8"),
      value: r.value == null ? null : Buffer.from(r.value, "utf8"),
      headers: r.headers.map(([key, value]) => ({ key, value: value === null ? null : Buffer.from(value, "utf8") })),
    }));
  }

  it("plain-none", () => {
    const v = byName("plain-none");
    const built = buildBatch(recordsOf(v), { partitionLeaderEpoch: 0, compression: CompressionType.NONE });
    expect(built.toString("hex")).toBe(v.hex);
  });

  it("idempotent (producerId 1000, epoch 0, baseSequence 0)", () => {
    const v = byName("idempotent");
    const built = buildBatch(recordsOf(v), { partitionLeaderEpoch: 0, producerId: 1000, producerEpoch: 0, baseSequence: 0 });
    expect(built.toString("hex")).toBe(v.hex);
  });

  it("base-offset-42: built at 42, or stamped in place after encoding (outside the CRC)", () => {
    const v = byName("base-offset-42");
    expect(buildBatch(recordsOf(v), { baseOffset: 42, partitionLeaderEpoch: 0 }).toString("hex")).toBe(v.hex);
    const stamped = Buffer.from(bytesOf(byName("plain-none")));
    setBaseOffset(stamped, 0, 42);
    expect(stamped.toString("hex")).toBe(v.hex);
    expect(() => verifyBatch(stamped)).not.toThrow();
  });

  it.each([
    ["control-commit", ControlRecordType.COMMIT],
    ["control-abort", ControlRecordType.ABORT],
  ] as const)("%s, as a broker writes the marker", (name, type) => {
    const v = byName(name);
    const built = buildEndTxnMarkerBatch({
      baseOffset: 9,
      timestamp: 1734479509518,
      producerId: 2000,
      producerEpoch: 3,
      partitionLeaderEpoch: 0,
      marker: new EndTransactionMarker(type, 7),
    });
    expect(built.toString("hex")).toBe(v.hex);
  });

  it("compressed vectors re-encode (with our codecs) to batches that decode to the same records", () => {
    for (const name of ["plain-gzip", "plain-snappy", "plain-lz4", "plain-zstd", "transactional-gzip"]) {
      const v = byName(name);
      const h = v.header;
      const built = buildBatch(recordsOf(v), {
        partitionLeaderEpoch: 0,
        compression: (h.attributes & 7) as CompressionType,
        isTransactional: (h.attributes & 0x10) !== 0,
        producerId: h.producerId,
        producerEpoch: h.producerEpoch,
        baseSequence: h.baseSequence,
      });
      verifyBatch(built);
      const mine = readBatchHeader(built);
      expect({ ...mine, crc: 0, batchLength: 0 }).toEqual({ ...h, crc: 0, batchLength: 0 });
      const strip = (b: Buffer) => decodeRecords(b).map((r) => ({ ...r, sizeInBytes: 0 }));
      expect(strip(built)).toEqual(strip(bytesOf(v)));
    }
  });
});
