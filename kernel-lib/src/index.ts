// kafkalab: a faithful, deterministic Kafka 3.9 engine for notebooks.
// Layers import downwards only (../../README.md): notebook → cli → clients → broker → controller →
// storage → protocol → sim. This entry point is what a notebook cell imports from "kafkalab".

// Display: charts (Vega-Lite + SVG rendered in Node), tables, progress.
export * from "./notebook";

// The notes' command lines: sh("kafka-topics.sh --bootstrap-server hadoop102:9092 --list") and the tools.
export * from "./cli";

// Clients: KafkaProducer, KafkaConsumer, Admin, serializers, client metadata.
export * from "./clients/common";
export * from "./clients/producer";
export * from "./clients/consumer";
export * from "./clients/admin";

// Brokers and the embedded cluster (ZooKeeper + brokers on the simulated network).
export * from "./broker";

// The controller and the ZooKeeper-style metadata tree.
export * from "./controller";

// Storage: record batch v2, codecs, CRC32C, the partition log.
export * from "./storage";

// Protocol: api keys, Kafka's error codes and exceptions, request/response messages.
export * from "./protocol";

// Runtime: virtual clock, scheduler, seeded random, network, disks, trace.
export * from "./sim";

// Names that two layers define; the one a notebook user means wins.
export { TopicPartition } from "./protocol";                                     // not storage's internal key type
export type { RuntimeOrCluster } from "./clients/admin";
export { ConfigSource, DescribeConfigsResult } from "./clients/admin";            // the Admin API's
export { ConfigSynonym } from "./clients/admin";
export type { ConfigType } from "./storage";
export { javaDateString } from "./controller";
export type { EpochEndOffset } from "./storage";
export { canonicalJson } from "./sim";
