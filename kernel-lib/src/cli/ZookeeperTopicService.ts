// The `--zookeeper host:2181` face of kafka-topics.sh, as Kafka 2.8's TopicCommand.ZookeeperTopicService had it
// (removed in 3.0 by KIP-604): the tool does not talk to a broker at all. It opens a ZooKeeper session of its own
// (KafkaZkClient with 30 s session and connection timeouts), reads and writes the znodes directly through
// AdminZkClient/KafkaZkClient, and leaves the rest to the controller, which notices the znodes through its watches:
//   --create   writes /config/topics/<t> then /brokers/topics/<t> (AdminUtils placement over /brokers/ids; no topic
//              id: 2.8's tool wrote none and the controller adds one), prints `Created topic first.`;
//   --list     the children of /brokers/topics, sorted, `first - marked for deletion` for pending deletions;
//   --describe the topic znode, /config/topics/<t> and each partition's state znode (leader and ISR as the controller
//              wrote them: `Leader: none` and an empty Isr until it has);
//   --alter    --config (deprecated, rewrites /config/topics/<t> + a change notification) and --partitions
//              (AdminZkClient.addPartitions rewrites the topic znode);
//   --delete   creates /admin/delete_topics/<t>; the controller deletes the topic (if delete.topic.enable).
// The connect string is used as typed, chroot included: `hadoop102:2181` sees the root of the tree and
// `hadoop102:2181/kafka` the cluster the brokers built under /kafka (see TopicCommand's header).
import { EmbeddedCluster } from "../broker/EmbeddedCluster";
import type { BrokerMetadata } from "../controller/AdminUtils";
import { AdminZkClient, type RackAwareMode } from "../controller/AdminZkClient";
import { AdminOperationException } from "../controller/errors";
import { type TopicIdReplicaAssignment, KafkaZkClient, zkPromise } from "../controller/KafkaZkClient";
import type { LeaderIsrAndControllerEpoch } from "../controller/LeaderAndIsr";
import { Code, KeeperException } from "../controller/zk/KeeperException";
import { ConfigType } from "../controller/zk/ZkData";
import { ZooKeeperClient } from "../controller/zk/ZooKeeperClient";
import { InvalidTopicException, TopicExistsException } from "../protocol";
import { TopicPartition } from "../protocol/TopicPartition";
import type { Runtime } from "../sim/Runtime";
import { javaHashMapOrder } from "./JavaHashMapOrder";
import { IllegalArgumentException, type ToolContext } from "./Tool";
import {
  ensureTopicExists, filterTopics, hasCollisionChars, isInternalTopic, parseTopicConfigsToBeAdded, type TopicCommandOptions,
  type TopicCommandService,
} from "./TopicCommand";

/** kafka.admin.TopicCommand.ZookeeperTopicService: 30000 ms session and connection timeouts. */
const ZK_SESSION_TIMEOUT_MS = 30_000;
const ZK_CONNECTION_TIMEOUT_MS = 30_000;

// Node names of the tool's ZooKeeper clients, per runtime (a process of its own on the network, like the JVM).
const sequences = new WeakMap<Runtime, number>();

function nodeName(runtime: Runtime): string {
  let seq = sequences.get(runtime) ?? 0;
  let node: string;
  do {
    seq++;
    node = `kafka-topics-zk-${seq}`;
  } while (runtime.network.isUp(node));
  sequences.set(runtime, seq);
  return node;
}

export class ZookeeperTopicService implements TopicCommandService {
  private readonly admin: AdminZkClient;

  private constructor(private readonly runtime: Runtime, private readonly zk: ZooKeeperClient, private readonly zkClient: KafkaZkClient,
    private readonly ctx: ToolContext) {
    this.admin = new AdminZkClient(runtime, zkClient);
  }

  /**
   * ZookeeperTopicService(opts.zkConnect): connects, waiting at most 30 s (then ZooKeeperClientTimeoutException
   * `Timed out waiting for connection while in state: CONNECTING`, as KafkaZkClient.apply throws it).
   */
  static async connect(zkConnect: string, ctx: ToolContext): Promise<ZookeeperTopicService> {
    const runtime = ctx.runtime();
    const cluster = ctx.cluster instanceof EmbeddedCluster ? ctx.cluster : EmbeddedCluster.of(runtime);
    const zk = new ZooKeeperClient(runtime, {
      node: nodeName(runtime), connectString: zkConnect, sessionTimeoutMs: ZK_SESSION_TIMEOUT_MS, connectionTimeoutMs: ZK_CONNECTION_TIMEOUT_MS,
      // host:port -> the ZooKeeper server's node, as the cluster's brokers resolve it; no cluster, no server.
      resolve: cluster !== null ? (h, p) => cluster.resolveZooKeeper(h, p) : (h, p) => `${h}:${p}`,
      reinitializeOnExpiry: false, ownsNode: true,
    });
    await zk.connect();
    return new ZookeeperTopicService(runtime, zk, new KafkaZkClient(runtime, zk), ctx);
  }

  private op<T>(label: string, fn: (cb: (err: Error | null, value: T) => void) => void): Promise<T> {
    return zkPromise<T>(this.runtime, `kafka-topics.sh --zookeeper: ${label}`, fn);
  }

  async getTopics(include: string | null, excludeInternal: boolean): Promise<string[]> {
    const all = await this.op<string[]>("getAllTopicsInCluster", (cb) => this.zkClient.getAllTopicsInCluster(cb));
    return filterTopics([...all].sort(), include, excludeInternal);
  }

  private isMarkedForDeletion(topic: string): Promise<boolean> {
    return this.op<boolean>("isTopicMarkedForDeletion", (cb) => this.zkClient.isTopicMarkedForDeletion(topic, cb));
  }

  async createTopic(opts: TopicCommandOptions): Promise<void> {
    // CommandTopicPartition: the configs are parsed and validated first.
    const name = opts.topic() as string;
    const configs = parseTopicConfigsToBeAdded(opts);
    const assignment = opts.replicaAssignment();
    if (hasCollisionChars(name)) {
      this.ctx.io.println("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could " +
        "collide. To avoid issues it is best to use either, but not both.");
    }
    const rackAwareMode: RackAwareMode = opts.disableRackAwareOpt !== null && opts.has(opts.disableRackAwareOpt) ? "Disabled" : "Enforced";
    try {
      // 2.8's AdminZkClient.createTopic / createTopicWithAssignment with usesTopicId = false.
      const placed = assignment ?? await this.op<Map<number, number[]>>("assignReplicas",
        (cb) => this.admin.assignReplicas(opts.partitions() as number, opts.replicationFactor() as number, rackAwareMode, cb));
      await this.op<string | null>("createTopicWithAssignment", (cb) => this.admin.createTopicWithAssignment(name, configs, placed, true, false, cb));
      this.ctx.io.println(`Created topic ${name}.`);
    } catch (e) {
      if (!(e instanceof TopicExistsException && opts.has(opts.ifNotExistsOpt))) throw e;
    }
  }

  async listTopics(opts: TopicCommandOptions): Promise<void> {
    for (const topic of await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt))) {
      this.ctx.io.println(await this.isMarkedForDeletion(topic) ? `${topic} - marked for deletion` : topic);
    }
  }

  async alterTopic(opts: TopicCommandOptions): Promise<void> {
    const io = this.ctx.io;
    const topics = await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt));
    const configsToAdd = parseTopicConfigsToBeAdded(opts);
    const configsToDelete = opts.configsToDelete();
    ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt), this.ctx);
    for (const topic of topics) {
      const configs = await this.op<Map<string, string>>("fetchEntityConfig", (cb) => this.admin.fetchEntityConfig(ConfigType.Topic, topic, cb));
      if (opts.has(opts.configOpt) || opts.has(opts.deleteConfigOpt)) {
        io.println("WARNING: Altering topic configuration from this script has been deprecated and may be removed in future releases.");
        io.println("         Going forward, please use kafka-configs.sh for this functionality");
        for (const [k, v] of Object.entries(configsToAdd)) configs.set(k, v);
        for (const k of configsToDelete) configs.delete(k);
        await this.op<void>("changeTopicConfig", (cb) => this.admin.changeTopicConfig(topic, [...configs], cb));
        io.println(`Updated config for topic ${topic}.`);
      }
      const partitions = opts.partitions();
      if (partitions !== null) {
        if (isInternalTopic(topic)) throw new IllegalArgumentException(`The number of partitions for the internal topic ${topic} cannot be changed.`);
        io.println("WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected");
        const found = await this.op<TopicIdReplicaAssignment[]>("getReplicaAssignmentAndTopicIdForTopics",
          (cb) => this.zkClient.getReplicaAssignmentAndTopicIdForTopics([topic], cb));
        const existing = found[0];
        if (existing === undefined || existing.assignment.size === 0) throw new InvalidTopicException(`The topic ${topic} does not exist`);
        // replicaAssignment.drop(existing size): the entries for the partitions to add.
        const requested = opts.replicaAssignment();
        const added = requested === null ? null : new Map([...requested].filter(([p]) => p >= existing.assignment.size));
        const brokers = await this.op<BrokerMetadata[]>("getBrokerMetadatas",
          (cb) => this.admin.getBrokerMetadatas("Enforced", null, cb));
        await this.op<Map<number, number[]>>("addPartitions", (cb) => this.admin.addPartitions(topic, existing.assignment, brokers, partitions,
          added !== null && added.size > 0 ? added : null, false, existing.topicId, cb));
        io.println("Adding partitions succeeded!");
      }
    }
  }

  async describeTopic(opts: TopicCommandOptions): Promise<void> {
    const io = this.ctx.io;
    const topics = await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt));
    ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt), this.ctx);
    const liveBrokers = new Set((await this.op<{ id: number }[]>("getAllBrokersInCluster", (cb) => this.zkClient.getAllBrokersInCluster(cb)))
      .map((b) => b.id));
    const reportUnderReplicated = opts.has(opts.reportUnderReplicatedPartitionsOpt);
    const reportUnavailable = opts.has(opts.reportUnavailablePartitionsOpt);
    // DescribeOptions (under/at-min-isr cannot be combined with --zookeeper).
    const describeConfigs = !reportUnavailable && !reportUnderReplicated;
    const describePartitions = !opts.has(opts.topicsWithOverridesOpt);
    for (const topic of topics) {
      const found = (await this.op<TopicIdReplicaAssignment[]>("getReplicaAssignmentAndTopicIdForTopics",
        (cb) => this.zkClient.getReplicaAssignmentAndTopicIdForTopics([topic], cb)))[0];
      if (found === undefined) {
        io.println(`Topic ${topic} doesn't exist!`);
        continue;
      }
      const marked = await this.isMarkedForDeletion(topic);
      const markedSuffix = marked ? "\tMarkedForDeletion: true" : "";
      const sorted = [...found.assignment].sort((a, b) => a[0] - b[0]);
      if (describeConfigs) {
        const configs = await this.op<Map<string, string>>("fetchEntityConfig", (cb) => this.admin.fetchEntityConfig(ConfigType.Topic, topic, cb));
        if (!opts.has(opts.topicsWithOverridesOpt) || configs.size > 0) {
          io.out(formatLegacyTopicLine(topic, found.topicId, found.assignment.size, found.assignment.values().next().value?.replicas.length ?? 0,
            [...configs], marked));
        }
      }
      if (!describePartitions) continue;
      const states = await this.op<Map<string, LeaderIsrAndControllerEpoch>>("getTopicPartitionStates",
        (cb) => this.zkClient.getTopicPartitionStates(sorted.map(([p]) => new TopicPartition(topic, p)), cb));
      for (const [partition, assignment] of sorted) {
        const state = states.get(`${topic}-${partition}`);
        const leader = state === undefined || state.leaderAndIsr.leader === -1 ? null : state.leaderAndIsr.leader;
        const isr = state === undefined ? [] : [...state.leaderAndIsr.isr];
        const print = describeConfigs ||
          (reportUnderReplicated && assignment.replicas.length - isr.length > 0) ||
          (reportUnavailable && (leader === null || !liveBrokers.has(leader)));
        if (!print) continue;
        io.out(`\tTopic: ${topic}\tPartition: ${partition}\tLeader: ${leader === null ? "none" : leader}` +
          `\tReplicas: ${assignment.replicas.join(",")}\tIsr: ${isr.join(",")}${markedSuffix}\n`);
      }
    }
  }

  async deleteTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts.topic(), opts.has(opts.excludeInternalTopicOpt));
    ensureTopicExists(topics, opts.topic(), !opts.has(opts.ifExistsOpt), this.ctx);
    for (const topic of topics) {
      if (isInternalTopic(topic)) {
        throw new AdminOperationException(`Topic ${topic} is a kafka internal topic and is not allowed to be marked for deletion.`);
      }
      try {
        await this.op<void>("createDeleteTopicPath", (cb) => this.zkClient.createDeleteTopicPath(topic, cb));
      } catch (e) {
        if (e instanceof KeeperException && e.code === Code.NODEEXISTS) {
          this.ctx.io.println(`Topic ${topic} is already marked for deletion.`);
          continue;
        }
        throw new AdminOperationException(`Error while deleting topic ${topic}`, { cause: e });
      }
      this.ctx.io.println(`Topic ${topic} is marked for deletion.`);
      this.ctx.io.println("Note: This will have no impact if delete.topic.enable is not set to true.");
    }
  }

  /** zkClient.close(): ends the session. */
  async close(): Promise<void> {
    await this.zk.close();
  }
}

/** 2.8's TopicCommand.TopicDescription.printDescription over ZooKeeper (every stored config is an override). */
export function formatLegacyTopicLine(topic: string, topicId: string | null, partitions: number, replicationFactor: number,
  configs: readonly (readonly [string, string])[], markedForDeletion: boolean): string {
  let line = `Topic: ${topic}`;
  if (topicId !== null && topicId !== "AAAAAAAAAAAAAAAAAAAAAA") line += `\tTopicId: ${topicId}`;
  line += `\tPartitionCount: ${partitions}\tReplicationFactor: ${replicationFactor}`;
  // new admin.Config(entries): a HashMap sized for the entries, so `Configs:` lists them in its order.
  line += `\tConfigs: ${javaHashMapOrder(configs, ([k]) => k, configs.length).map(([k, v]) => `${k}=${v}`).join(",")}`;
  if (markedForDeletion) line += "\tMarkedForDeletion: true";
  return line + "\n";
}
