import { IllegalArgumentException, InvalidRecordException } from "./errors";

/**
 * The type in a control record's key (org.apache.kafka.common.record.ControlRecordType).
 * ABORT and COMMIT are transaction markers; the others are KRaft's own control records.
 */
export enum ControlRecordType {
  ABORT = 0,
  COMMIT = 1,
  LEADER_CHANGE = 2,
  SNAPSHOT_HEADER = 3,
  SNAPSHOT_FOOTER = 4,
  KRAFT_VERSION = 5,
  KRAFT_VOTERS = 6,
  /** A type this version does not know; readers skip such records. */
  UNKNOWN = -1,
}

/** Key schema version 0: int16 version + int16 type. */
export const CURRENT_CONTROL_RECORD_KEY_VERSION = 0;
export const CURRENT_CONTROL_RECORD_KEY_SIZE = 4;

/** ControlRecordType.recordKey: the 4-byte key of a control record of this type. */
export function controlRecordKey(type: ControlRecordType): Buffer {
  if (type === ControlRecordType.UNKNOWN || ControlRecordType[type] === undefined)
    throw new IllegalArgumentException("Cannot serialize UNKNOWN control record type");
  const key = Buffer.allocUnsafe(CURRENT_CONTROL_RECORD_KEY_SIZE);
  key.writeInt16BE(CURRENT_CONTROL_RECORD_KEY_VERSION, 0);
  key.writeInt16BE(type, 2);
  return key;
}

/** ControlRecordType.parseTypeId: the raw type id of a control record key. */
export function parseControlRecordTypeId(key: Uint8Array | null): number {
  const size = key === null ? 0 : key.length;
  if (key === null || size < CURRENT_CONTROL_RECORD_KEY_SIZE)
    throw new InvalidRecordException(
      `Invalid value size found for end control record key. Must have at least ${CURRENT_CONTROL_RECORD_KEY_SIZE} bytes, but found only ${size}`);
  const view = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const version = view.readInt16BE(0);
  if (version < 0) throw new InvalidRecordException(`Invalid version found for control record: ${version}. May indicate data corruption`);
  // Newer key versions are parsed as version 0, as Kafka does.
  return view.readInt16BE(2);
}

/** ControlRecordType.fromTypeId. */
export function controlRecordTypeFromId(typeId: number): ControlRecordType {
  return typeId >= ControlRecordType.ABORT && typeId <= ControlRecordType.KRAFT_VOTERS ? (typeId as ControlRecordType) : ControlRecordType.UNKNOWN;
}

/** ControlRecordType.parse: the type of a control record from its key. */
export function parseControlRecordType(key: Uint8Array | null): ControlRecordType {
  return controlRecordTypeFromId(parseControlRecordTypeId(key));
}

/** The enum name, as Kafka prints it ("COMMIT", "ABORT", ...). */
export function controlRecordTypeName(type: ControlRecordType): string {
  return ControlRecordType[type] ?? "UNKNOWN";
}
