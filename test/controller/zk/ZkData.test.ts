import { describe, expect, it } from "vitest";
import { javaProperties, javaStringHash, encodeJson, scalaImmutableMap } from "../../../kernel-lib/src/controller/zk/KafkaJson";
import {
  BrokerIdZNode, ClusterIdZNode, ConfigEntityChangeNotificationSequenceZNode, ConfigEntityZNode, ControllerEpochZNode,
  ControllerZNode, DeleteTopicsTopicZNode, FeatureZNode, IsrChangeNotificationSequenceZNode, LogDirEventNotificationSequenceZNode,
  PersistentZkPaths, PreferredReplicaElectionZNode, ProducerIdBlockZNode, ReassignPartitionsZNode, TopicPartitionStateZNode,
  TopicZNode, type EndPoint,
} from "../../../kernel-lib/src/controller/zk/ZkData";
import type { Stat } from "../../../kernel-lib/src/controller/zk/Stat";
import { TopicPartition } from "../../../kernel-lib/src/protocol/TopicPartition";

const plaintext = (host: string, port: number, listenerName = "PLAINTEXT"): EndPoint => ({ host, port, listenerName, securityProtocol: "PLAINTEXT" });
const text = (b: Buffer): string => b.toString("utf8");

describe("ZkData: Kafka's znode JSON, byte for byte", () => {
  it("/brokers/ids/<id>: registration v5 as in the reference (§7.1)", () => {
    const info = { id: 1, endpoints: [plaintext("host", 9092)], rack: null, jmxPort: -1, version: 5 };
    expect(text(BrokerIdZNode.encode(info, 1700000000000))).toBe(
      '{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://host:9092"],' +
      '"jmx_port":-1,"port":9092,"host":"host","version":5,"timestamp":"1700000000000"}');
  });

  it("/brokers/ids/<id>: two listeners, as dumped from a Kafka 3.9 cluster", () => {
    const info = { id: 1, endpoints: [plaintext("kafka-1", 29092), plaintext("localhost", 9092, "EXTERNAL")], rack: null, jmxPort: -1, version: 5 };
    expect(text(BrokerIdZNode.encode(info, 1704032948949))).toBe(
      '{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT","EXTERNAL":"PLAINTEXT"},' +
      '"endpoints":["PLAINTEXT://kafka-1:29092","EXTERNAL://localhost:9092"],"jmx_port":-1,"port":29092,"host":"kafka-1",' +
      '"version":5,"timestamp":"1704032948949"}');
  });

  it("/brokers/ids/<id>: with broker.rack, and decoded back", () => {
    const info = { id: 2, endpoints: [plaintext("hadoop103", 9092)], rack: "rack1", jmxPort: 9999, version: 5 };
    const bytes = BrokerIdZNode.encode(info, 1700000000000);
    // Scala 2.13 mutable.HashMap order: "rack" falls between "endpoints" and "jmx_port".
    expect(text(bytes)).toBe(
      '{"features":{},"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://hadoop103:9092"],' +
      '"rack":"rack1","jmx_port":9999,"port":9092,"host":"hadoop103","version":5,"timestamp":"1700000000000"}');
    expect(BrokerIdZNode.decode(2, bytes)).toEqual({ ...info, features: {}, timestamp: 1700000000000 });
    expect(() => BrokerIdZNode.decode(2, Buffer.from("{oops"))).toThrow("Failed to parse ZooKeeper registration for broker 2: {oops");
  });

  it("/brokers/topics/<topic>: the key order a Kafka 3.x broker writes (not the reference's)", () => {
    // Dumped from a 3.9 cluster: {"partitions":...,"topic_id":...,"adding_replicas":{},"removing_replicas":{},"version":3}.
    // The reference (§7.1) shows the same keys as {"version":3,"topic_id":...}; Kafka's mutable.Map iterates as below.
    const bytes = TopicZNode.encode("cMr3GpVESX2L3byPGf93lQ", [{ replicas: [2, 3, 1] }, { replicas: [3, 1, 2] }, { replicas: [1, 2, 3] }]);
    expect(text(bytes)).toBe(
      '{"partitions":{"0":[2,3,1],"1":[3,1,2],"2":[1,2,3]},"topic_id":"cMr3GpVESX2L3byPGf93lQ","adding_replicas":{},"removing_replicas":{},"version":3}');
    const decoded = TopicZNode.decode("demo", bytes);
    expect(decoded.topicId).toBe("cMr3GpVESX2L3byPGf93lQ");
    expect([...decoded.partitions.entries()].map(([p, a]) => [p, a.replicas])).toEqual([[0, [2, 3, 1]], [1, [3, 1, 2]], [2, [1, 2, 3]]]);
  });

  it("/brokers/topics/<topic>: 12 partitions come out in hash order (\"11\" first), as a real broker wrote them", () => {
    const assignment = [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1], [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2], [1, 2, 3], [1, 3, 4]]
      .map((replicas) => ({ replicas }));
    expect(text(TopicZNode.encode(null, assignment))).toBe(
      '{"partitions":{"11":[1,3,4],"0":[0,1,2],"1":[1,2,3],"2":[2,3,4],"3":[3,4,0],"4":[4,0,1],"5":[0,2,3],"6":[1,3,4],' +
      '"7":[2,4,0],"8":[3,0,1],"9":[4,1,2],"10":[1,2,3]},"adding_replicas":{},"removing_replicas":{},"version":3}');
  });

  it("/brokers/topics/<topic>: a reassignment in progress fills adding/removing replicas", () => {
    const m = new Map([[0, { replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1] }], [1, { replicas: [2, 3] }]]);
    expect(text(TopicZNode.encode("AAAAAAAAAAAAAAAAAAAAAA", m))).toBe(
      '{"partitions":{"0":[1,2,3],"1":[2,3]},"topic_id":"AAAAAAAAAAAAAAAAAAAAAA","adding_replicas":{"0":[3]},"removing_replicas":{"0":[1]},"version":3}');
  });

  it("partition state, controller, epoch, cluster id (reference §7.1)", () => {
    const state = TopicPartitionStateZNode.encode({ controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1, 2] });
    expect(text(state)).toBe('{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}');
    const stat = { version: 7 } as Stat;
    expect(TopicPartitionStateZNode.decode(state, stat)).toEqual({ controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1, 2], leaderRecoveryState: 0, zkVersion: 7 });
    // After an unclean election (KIP-704) the recovery state is written too.
    expect(text(TopicPartitionStateZNode.encode({ controllerEpoch: 3, leader: 2, leaderEpoch: 5, isr: [2], leaderRecoveryState: 1 })))
      .toBe('{"controller_epoch":3,"leader":2,"version":1,"leader_recovery_state":1,"leader_epoch":5,"isr":[2]}');
    expect(TopicPartitionStateZNode.path(new TopicPartition("first", 0))).toBe("/brokers/topics/first/partitions/0/state");

    const controller = ControllerZNode.encode(1, 1704032949256);
    expect(text(controller)).toBe('{"version":2,"brokerid":1,"timestamp":"1704032949256","kraftControllerEpoch":-1}');
    expect(ControllerZNode.decode(controller)).toBe(1);
    expect(text(ControllerEpochZNode.encode(12))).toBe("12");
    expect(ControllerEpochZNode.decode(Buffer.from("12"))).toBe(12);
    expect(text(ClusterIdZNode.toJson("eQzK4lYlQ9y8P21IScOl_g"))).toBe('{"version":"1","id":"eQzK4lYlQ9y8P21IScOl_g"}');
    expect(ClusterIdZNode.fromJson(ClusterIdZNode.toJson("x"))).toBe("x");
  });

  it("configs, change notifications, producer id blocks, features", () => {
    expect(text(ConfigEntityZNode.encode({}))).toBe('{"version":1,"config":{}}');
    expect(text(ConfigEntityZNode.encode([["retention.ms", "1000"]]))).toBe('{"version":1,"config":{"retention.ms":"1000"}}');
    const two = ConfigEntityZNode.encode([["retention.ms", "1000"], ["cleanup.policy", "compact"]]);
    expect(ConfigEntityZNode.decode(two).sort()).toEqual([["cleanup.policy", "compact"], ["retention.ms", "1000"]]);
    expect(ConfigEntityZNode.path("topics", "first")).toBe("/config/topics/first");
    expect(text(ConfigEntityChangeNotificationSequenceZNode.encode("topics/first"))).toBe('{"version":2,"entity_path":"topics/first"}');
    expect(ConfigEntityChangeNotificationSequenceZNode.createPath).toBe("/config/changes/config_change_");

    const block = ProducerIdBlockZNode.generateProducerIdBlockJson({ assignedBrokerId: 1, firstProducerId: 0, size: 1000 });
    expect(text(block)).toBe('{"version":1,"broker":1,"block_start":"0","block_end":"999"}');
    expect(ProducerIdBlockZNode.parseProducerIdBlockData(block)).toEqual({ assignedBrokerId: 1, firstProducerId: 0, size: 1000 });

    const feature = FeatureZNode.encode({ version: 2, status: 1, features: {} });
    expect(text(feature)).toBe('{"features":{},"version":2,"status":1}');
    expect(FeatureZNode.decode(feature)).toEqual({ version: 2, status: 1, features: {} });
  });

  it("notifications and admin znodes", () => {
    const isr = IsrChangeNotificationSequenceZNode.encode([new TopicPartition("t", 0)]);
    expect(text(isr)).toBe('{"version":1,"partitions":[{"topic":"t","partition":0}]}');
    expect(IsrChangeNotificationSequenceZNode.decode(isr)).toEqual([new TopicPartition("t", 0)]);
    expect(IsrChangeNotificationSequenceZNode.sequenceNumber("/isr_change_notification/isr_change_0000000042")).toBe("0000000042");
    expect(text(LogDirEventNotificationSequenceZNode.encode(1))).toBe('{"version":1,"broker":1,"event":1}');
    expect(text(ReassignPartitionsZNode.encode([[new TopicPartition("t", 0), [1, 2, 3]]])))
      .toBe('{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3]}]}');
    expect(text(PreferredReplicaElectionZNode.encode([new TopicPartition("t", 0)]))).toBe('{"version":1,"partitions":[{"topic":"t","partition":0}]}');
    expect(DeleteTopicsTopicZNode.path("first")).toBe("/admin/delete_topics/first");
  });

  it("lists the persistent paths a broker creates at startup, in Kafka's order", () => {
    expect(PersistentZkPaths).toEqual([
      "/consumers", "/brokers/ids", "/brokers/topics", "/config/changes", "/admin/delete_topics", "/brokers/seqid",
      "/isr_change_notification", "/latest_producer_id_block", "/log_dir_event_notification",
      "/config/topics", "/config/clients", "/config/users", "/config/brokers", "/config/ips",
    ]);
  });
});

describe("KafkaJson: Scala and Java map orders", () => {
  it("keeps insertion order up to 4 entries of an immutable Map, hash order beyond", () => {
    expect(encodeJson(scalaImmutableMap([["b", 1], ["a", 2]]))).toBe('{"b":1,"a":2}');
    expect(encodeJson(scalaImmutableMap([["version", 1], ["leader", 1], ["leader_epoch", 0], ["controller_epoch", 1], ["isr", []]])))
      .toBe('{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[]}');
  });

  it("orders java.util.Properties by ConcurrentHashMap bins (insertion order only within a bin)", () => {
    const keys = ["retention.ms", "cleanup.policy", "segment.bytes", "min.insync.replicas", "max.message.bytes"];
    const bin = (k: string): number => {
      const h = javaStringHash(k);
      return ((h ^ (h >>> 16)) & 0x7fffffff) & 15; // ConcurrentHashMap.spread, 16 bins
    };
    const order = (entries: [string, string][]): string[] => Object.keys(JSON.parse(encodeJson(javaProperties(entries))) as object);
    const forward = order(keys.map((k) => [k, "1"]));
    const backward = order([...keys].reverse().map((k) => [k, "1"]));
    for (const o of [forward, backward]) {
      expect([...o].sort()).toEqual([...keys].sort());
      for (let i = 1; i < o.length; i++) expect(bin(o[i] as string)).toBeGreaterThanOrEqual(bin(o[i - 1] as string));
    }
    // retention.ms and segment.bytes share a bin: there, the first one set comes first.
    expect(bin("retention.ms")).toBe(bin("segment.bytes"));
    expect(forward.indexOf("retention.ms")).toBeLessThan(forward.indexOf("segment.bytes"));
    expect(backward.indexOf("segment.bytes")).toBeLessThan(backward.indexOf("retention.ms"));
    // More than 12 entries double the table to 32 bins.
    const many = Array.from({ length: 20 }, (_, i): [string, string] => [`key.${i}`, String(i)]);
    expect(order(many).length).toBe(20);
  });
});
