// controller/zk: the ZooKeeper ensemble Kafka 3.9's ZooKeeper mode relies on (one standalone server node),
// the client brokers use, Kafka's znode layout (ZkData) and zookeeper-shell.
export * from "./CreateMode";
export * from "./KeeperException";
export * from "./WatchedEvent";
export * from "./Stat";
export { validatePath } from "./PathUtils";
export * from "./ZooKeeperProtocol";
export { DataTree, type DataNode, type WatchTrigger } from "./DataTree";
export { FileTxnSnapLog, type Txn, type Snapshot } from "./FileTxnSnapLog";
export * from "./ZooKeeperServer";
export * from "./ConnectStringParser";
export * from "./ZooKeeperClient";
export * from "./ZkData";
export * from "./ZooKeeperShell";
