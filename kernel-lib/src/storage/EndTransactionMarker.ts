import { CompressionType } from "./compression/CompressionType";
import { ControlRecordType, controlRecordTypeName, parseControlRecordType } from "./ControlRecordType";
import type { Record } from "./DefaultRecord";
import { NO_PARTITION_LEADER_EPOCH, NO_SEQUENCE, decodeRecords, isControl, readBatchHeader } from "./DefaultRecordBatch";
import { IllegalArgumentException, InvalidRecordException } from "./errors";
import { MemoryRecordsBuilder } from "./MemoryRecordsBuilder";

// A transaction marker (org.apache.kafka.common.record.EndTransactionMarker): the one record of a
// control batch that the transaction coordinator has each partition leader write when a transaction
// ends. Key: int16 version 0 + int16 type (ABORT 0, COMMIT 1). Value: int16 version 0 + int32
// coordinatorEpoch. The batch is transactional and control, carries the producer's id and epoch,
// baseSequence -1, and takes one offset, which consumers never see (hence offset gaps).

export const CURRENT_END_TXN_MARKER_VERSION = 0;
export const CURRENT_END_TXN_MARKER_VALUE_SIZE = 6;

export class EndTransactionMarker {
  constructor(
    readonly type: ControlRecordType,
    readonly coordinatorEpoch: number,
  ) {
    ensureTransactionMarkerControlType(type);
  }

  /** Kafka's accessor name. */
  controlType(): ControlRecordType {
    return this.type;
  }

  /** The 6-byte record value. */
  serializeValue(): Buffer {
    const value = Buffer.allocUnsafe(CURRENT_END_TXN_MARKER_VALUE_SIZE);
    value.writeInt16BE(CURRENT_END_TXN_MARKER_VERSION, 0);
    value.writeInt32BE(this.coordinatorEpoch, 2);
    return value;
  }

  toString(): string {
    return `EndTransactionMarker(type=${controlRecordTypeName(this.type)}, coordinatorEpoch=${this.coordinatorEpoch})`;
  }

  /** EndTransactionMarker.deserialize: the marker of a control record (key and value). */
  static deserialize(record: Pick<Record, "key" | "value">): EndTransactionMarker {
    return EndTransactionMarker.deserializeValue(parseControlRecordType(record.key), record.value);
  }

  /** EndTransactionMarker.deserializeValue. */
  static deserializeValue(type: ControlRecordType, value: Uint8Array | null): EndTransactionMarker {
    ensureTransactionMarkerControlType(type);
    const size = value === null ? 0 : value.length;
    if (value === null || size < CURRENT_END_TXN_MARKER_VALUE_SIZE)
      throw new InvalidRecordException(
        `Invalid value size found for end transaction marker. Must have at least ${CURRENT_END_TXN_MARKER_VALUE_SIZE} bytes, but found only ${size}`);
    const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const version = view.readInt16BE(0);
    if (version < 0)
      throw new InvalidRecordException(`Invalid version found for end transaction marker: ${version}. May indicate data corruption`);
    return new EndTransactionMarker(type, view.readInt32BE(2));
  }
}

function ensureTransactionMarkerControlType(type: ControlRecordType): void {
  if (type !== ControlRecordType.COMMIT && type !== ControlRecordType.ABORT)
    throw new IllegalArgumentException("Invalid control record type for end transaction marker" + controlRecordTypeName(type));
}

export interface EndTxnMarkerBatchOptions {
  /** The offset the marker takes (the leader's log end offset). */
  baseOffset: number;
  timestamp: number;
  producerId: number;
  producerEpoch: number;
  partitionLeaderEpoch?: number;
  marker: EndTransactionMarker;
}

/** MemoryRecords.withEndTransactionMarker: a control batch holding exactly the marker record. */
export function buildEndTxnMarkerBatch(o: EndTxnMarkerBatchOptions): Buffer {
  const builder = new MemoryRecordsBuilder(
    {
      baseOffset: o.baseOffset,
      partitionLeaderEpoch: o.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH,
      compression: CompressionType.NONE,
      timestampType: "CreateTime",
      isTransactional: true,
      isControl: true,
      producerId: o.producerId,
      producerEpoch: o.producerEpoch,
      baseSequence: NO_SEQUENCE,
    },
    128,
  );
  builder.appendEndTxnMarker(o.timestamp, o.marker);
  return builder.build();
}

/** The marker held by the control batch at `position` (throws if the batch is not a control batch). */
export function readEndTxnMarker(batch: Buffer, position = 0): EndTransactionMarker {
  const h = readBatchHeader(batch, position);
  if (!isControl(h)) throw new IllegalArgumentException("Record is not a control record");
  const records = decodeRecords(batch, position);
  if (records.length !== 1)
    throw new InvalidRecordException(`A control batch must hold exactly one record, found ${records.length}`);
  return EndTransactionMarker.deserialize(records[0]!);
}
