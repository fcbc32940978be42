import { describe, expect, it } from "vitest";
import { ApiException, InvalidMetadataException, RetriableException } from "../../kernel-lib/src/protocol/ApiException";
import {
  CorruptRecordException, NotEnoughReplicasException, NotLeaderOrFollowerException, OutOfOrderSequenceException,
  TimeoutException, TopicExistsException, UnknownProducerIdException, UnknownTopicOrPartitionException,
} from "../../kernel-lib/src/protocol/ApiExceptions";
import { Errors } from "../../kernel-lib/src/protocol/Errors";
import { KafkaException } from "../../kernel-lib/src/protocol/KafkaException";

describe("Errors: Kafka's error codes", () => {
  it("knows each code's name, message and exception as Errors.java has them", () => {
    const e = Errors.forCode(19);
    expect(e).toBe(Errors.NOT_ENOUGH_REPLICAS);
    expect(e.name).toBe("NOT_ENOUGH_REPLICAS");
    expect(e.message).toBe("Messages are rejected since there are fewer in-sync replicas than required.");
    expect(e.exceptionName).toBe("NotEnoughReplicasException");
    expect(e.retriable).toBe(true);
    expect(Errors.UNKNOWN_TOPIC_OR_PARTITION.message).toBe("This server does not host this topic-partition.");
    expect(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND.message).toBe("Messages are written to the log, but to fewer in-sync replicas than required.");
    expect(Errors.TOPIC_ALREADY_EXISTS.exceptionName).toBe("TopicExistsException");
    expect(Errors.forCode(36).message).toBe("Topic with this name already exists.");
    expect(Errors.forCode(6).name).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(Errors.forCode(-1).name).toBe("UNKNOWN_SERVER_ERROR");
    expect(Errors.forCode(9999)).toBe(Errors.UNKNOWN_SERVER_ERROR);
    expect(Errors.NONE.code).toBe(0);
    expect(Errors.NONE.message).toBe("NONE");
    expect(Errors.NONE.exceptionName).toBeNull();
    expect(() => Errors.NONE.exception()).toThrow(KafkaException);
    expect(() => Errors.NONE.maybeThrow()).not.toThrow();
  });

  it("covers the reference's Appendix A and every code up to 127 once", () => {
    const appendixA = [-1, 0, 1, 2, 3, 6, 7, 10, 14, 15, 16, 18, 19, 20, 22, 25, 26, 27, 36, 37, 38, 45, 46, 47, 48, 51, 59, 74, 75, 78, 79, 81, 82, 87, 90, 110, 111, 113];
    for (const code of appendixA) expect(Errors.forCode(code).code).toBe(code);
    const codes = Errors.values().map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([-1, ...Array.from({ length: 128 }, (_, i) => i)]);
    expect(new Set(Errors.values().map((e) => e.exceptionName)).size).toBe(codes.length);
  });

  it("marks as retriable exactly the errors whose exception is a RetriableException in Kafka", () => {
    const retriable = Errors.values().filter((e) => e.retriable).map((e) => e.code);
    expect(retriable).toEqual([2, 3, 5, 6, 7, 9, 13, 14, 15, 16, 19, 20, 41, 51, 56, 70, 71, 72, 74, 75, 78, 80, 83, 84, 88, 89, 100, 103, 106, 122, 123]);
  });

  it("builds exceptions a notebook can catch by class, name or code", () => {
    const err = Errors.NOT_ENOUGH_REPLICAS.exception();
    expect(err).toBeInstanceOf(NotEnoughReplicasException);
    expect(err).toBeInstanceOf(RetriableException);
    expect(err).toBeInstanceOf(ApiException);
    expect(err).toBeInstanceOf(KafkaException);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("NotEnoughReplicasException");
    expect(err.code).toBe(19);
    expect(err.retriable).toBe(true);
    expect(err.message).toBe("Messages are rejected since there are fewer in-sync replicas than required.");
    expect(String(err)).toBe("NotEnoughReplicasException: Messages are rejected since there are fewer in-sync replicas than required.");
    expect(err.stack?.startsWith("NotEnoughReplicasException: ")).toBe(true);

    const custom = Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("Topic first not present in metadata after 60000 ms.");
    expect(custom.message).toBe("Topic first not present in metadata after 60000 ms.");
    expect(custom).toBeInstanceOf(UnknownTopicOrPartitionException);
    expect(custom).toBeInstanceOf(InvalidMetadataException);

    // Constructed directly, an exception still knows its code and default message.
    const direct = new TopicExistsException();
    expect(direct.code).toBe(36);
    expect(direct.message).toBe("Topic with this name already exists.");
    expect(direct.retriable).toBe(false);
    expect(new CorruptRecordException("Record is corrupt (stored crc = 1, computed crc = 2)").code).toBe(2);
    expect(new TimeoutException("Expiring 1 record(s)").code).toBe(7);
    expect(() => Errors.NOT_LEADER_OR_FOLLOWER.maybeThrow()).toThrow(NotLeaderOrFollowerException);
  });

  it("maps exceptions back to errors (Errors.forException), nearest class first", () => {
    expect(Errors.forException(new NotLeaderOrFollowerException())).toBe(Errors.NOT_LEADER_OR_FOLLOWER);
    // UnknownProducerIdException extends OutOfOrderSequenceException but has its own code.
    const upid = new UnknownProducerIdException();
    expect(upid).toBeInstanceOf(OutOfOrderSequenceException);
    expect(Errors.forException(upid)).toBe(Errors.UNKNOWN_PRODUCER_ID);
    expect(upid.code).toBe(59);
    expect(Errors.forException(new Error("boom"))).toBe(Errors.UNKNOWN_SERVER_ERROR);
    expect(Errors.forException("not an error")).toBe(Errors.UNKNOWN_SERVER_ERROR);
    expect(new KafkaException("x").name).toBe("KafkaException");
  });
});
