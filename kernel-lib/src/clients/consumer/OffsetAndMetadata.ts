// org.apache.kafka.clients.consumer.OffsetAndMetadata: a committed position (the NEXT offset to read, i.e. last
// processed + 1), with optional metadata and the leader epoch of the last consumed record.
import { IllegalArgumentException } from "../../sim/errors";

export class OffsetAndMetadata {
  readonly metadata: string;
  readonly leaderEpoch: number | null;

  // Java's three constructors: (offset), (offset, metadata) and (offset, leaderEpoch, metadata).
  constructor(offset: number, metadata?: string | null);
  constructor(offset: number, leaderEpoch: number | null, metadata?: string | null);
  constructor(readonly offset: number, epochOrMetadata: number | string | null = null, metadata: string | null = "") {
    if (offset < 0) throw new IllegalArgumentException("Invalid negative offset");
    if (typeof epochOrMetadata === "string") {
      this.leaderEpoch = null;
      this.metadata = epochOrMetadata;
    } else {
      this.leaderEpoch = epochOrMetadata;
      this.metadata = metadata ?? "";
    }
  }

  toString(): string {
    return `OffsetAndMetadata{offset=${this.offset}, leaderEpoch=${this.leaderEpoch}, metadata='${this.metadata}'}`;
  }
}

/** org.apache.kafka.clients.consumer.OffsetAndTimestamp: offsetsForTimes' answer for one partition. */
export class OffsetAndTimestamp {
  constructor(readonly offset: number, readonly timestamp: number, readonly leaderEpoch: number | null = null) {}

  toString(): string {
    return `(timestamp=${this.timestamp}, leaderEpoch=${this.leaderEpoch}, offset=${this.offset})`;
  }
}
