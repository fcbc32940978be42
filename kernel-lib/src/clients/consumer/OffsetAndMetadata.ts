// org.apache.kafka.clients.consumer.OffsetAndMetadata: a committed position (the NEXT offset to read, i.e. last
// processed + 1), with optional metadata and the leader epoch of the last consumed record.
import { IllegalArgumentException } from "../../sim/errors";

export class OffsetAndMetadata {
  readonly metadata: string;

  constructor(readonly offset: number, readonly leaderEpoch: number | null = null, metadata: string | null = "") {
    if (offset < 0) throw new IllegalArgumentException("Invalid negative offset");
    this.metadata = metadata ?? "";
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
