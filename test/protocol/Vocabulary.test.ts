import { describe, expect, it } from "vitest";
import { ApiKeys, allApiKeys, apiKeyForName, apiName } from "../../kernel-lib/src/protocol/ApiKeys";
import { isEnvelope, messageName, requestMessage, responseMessage } from "../../kernel-lib/src/protocol/Envelope";
import type { ProduceResponse } from "../../kernel-lib/src/protocol/messages/Produce";
import { Node } from "../../kernel-lib/src/protocol/Node";
import { TopicPartition } from "../../kernel-lib/src/protocol/TopicPartition";

describe("ApiKeys", () => {
  it("numbers and names the APIs as Kafka does", () => {
    const expected: [number, string][] = [
      [0, "Produce"], [1, "Fetch"], [2, "ListOffsets"], [3, "Metadata"], [4, "LeaderAndIsr"], [5, "StopReplica"],
      [6, "UpdateMetadata"], [7, "ControlledShutdown"], [8, "OffsetCommit"], [9, "OffsetFetch"], [10, "FindCoordinator"],
      [11, "JoinGroup"], [12, "Heartbeat"], [13, "LeaveGroup"], [14, "SyncGroup"], [15, "DescribeGroups"], [16, "ListGroups"],
      [18, "ApiVersions"], [19, "CreateTopics"], [20, "DeleteTopics"], [21, "DeleteRecords"], [22, "InitProducerId"],
      [23, "OffsetForLeaderEpoch"], [24, "AddPartitionsToTxn"], [25, "AddOffsetsToTxn"], [26, "EndTxn"], [27, "WriteTxnMarkers"],
      [28, "TxnOffsetCommit"], [32, "DescribeConfigs"], [33, "AlterConfigs"], [37, "CreatePartitions"], [43, "ElectLeaders"],
      [44, "IncrementalAlterConfigs"], [45, "AlterPartitionReassignments"], [46, "ListPartitionReassignments"],
      [47, "OffsetDelete"], [56, "AlterPartition"], [60, "DescribeCluster"],
    ];
    for (const [key, name] of expected) {
      expect(apiName(key)).toBe(name);
      expect(apiKeyForName(name)).toBe(key);
    }
    expect(ApiKeys.LEADER_AND_ISR).toBe(4);
    expect(allApiKeys()).toEqual(Array.from({ length: 83 }, (_, i) => i));
    expect(() => apiName(999)).toThrow("Unexpected api key: 999");
  });
});

describe("TopicPartition and Node", () => {
  it("prints first-0 and parses it back", () => {
    const tp = new TopicPartition("first", 0);
    expect(tp.toString()).toBe("first-0");
    expect(`${tp}`).toBe("first-0");
    expect(TopicPartition.parse("my-topic-12")).toEqual(new TopicPartition("my-topic", 12));
    expect(() => TopicPartition.parse("nodash")).toThrow("Invalid topic-partition: nodash");
    expect([new TopicPartition("b", 1), new TopicPartition("a", 2), new TopicPartition("a", 1)].sort(TopicPartition.compare).map(String))
      .toEqual(["a-1", "a-2", "b-1"]);
  });

  it("prints a Node as Kafka does", () => {
    expect(new Node(1, "hadoop102", 9092).toString()).toBe("hadoop102:9092 (id: 1 rack: null)");
    expect(new Node(2, "hadoop103", 9092, "r1").toString()).toBe("hadoop103:9092 (id: 2 rack: r1)");
    expect(Node.noNode().isEmpty()).toBe(true);
  });
});

describe("Envelope", () => {
  it("wraps requests and responses and names them for the trace", () => {
    const req = requestMessage({
      apiKey: 0, transactionalId: null, acks: -1, timeoutMs: 30000,
      topicData: [{ name: "first", partitionData: [{ index: 0, records: Buffer.alloc(0) }] }],
    }, { apiVersion: 11, correlationId: 7, clientId: "producer-1" });
    expect(req.kind).toBe("request");
    expect(req.type).toBe("ProduceRequest");
    expect(req.header).toEqual({ apiKey: 0, apiVersion: 11, correlationId: 7, clientId: "producer-1" });
    const body: ProduceResponse = {
      responses: [{ name: "first", partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0, recordErrors: [], errorMessage: null }] }],
      throttleTimeMs: 0,
    };
    const resp = responseMessage(req, body);
    expect(resp).toMatchObject({ kind: "response", type: "ProduceResponse", apiKey: 0, header: { correlationId: 7 } });
    expect(messageName(req)).toBe("ProduceRequest");
    expect(messageName(resp)).toBe("ProduceResponse");
    expect(isEnvelope(req) && isEnvelope(resp)).toBe(true);
    expect(isEnvelope({ type: "zk.ping" })).toBe(false);
  });
});
