// kafka.zk.AdminZkClient: topic administration in ZooKeeper mode, as the broker's ZkAdminManager does it for
// CreateTopics / CreatePartitions / DeleteTopics / AlterConfigs. It only writes znodes; the controller sees them
// through its watches and does the rest (leaders, LeaderAndIsr, StopReplica).
// Callback style (see KafkaZkClient): it runs inside request handling.
import {
  InvalidPartitionsException, InvalidReplicaAssignmentException, InvalidTopicException, TopicExistsException,
  UnknownTopicOrPartitionException,
} from "../protocol";
import type { Runtime } from "../sim/Runtime";
import type { SeededRandom } from "../sim/SeededRandom";
import { LogConfig, type LogConfigProps } from "../storage/log/LogConfig";
import { assignReplicasToBrokers, type BrokerMetadata } from "./AdminUtils";
import { AdminOperationException, TopicAlreadyMarkedForDeletionException } from "./errors";
import type { KafkaZkClient, ZkCallback } from "./KafkaZkClient";
import { hasCollision, hasCollisionChars, validateTopicName } from "./Topic";
import { Code, KeeperException } from "./zk/KeeperException";
import { ConfigType, type ReplicaAssignment, ZkVersion } from "./zk/ZkData";

/** kafka.admin.RackAwareMode */
export type RackAwareMode = "Enforced" | "Safe" | "Disabled";

export interface AdminZkClientOptions {
  /** Random stream for placement (default runtime.random.fork("AdminUtils").fork(<node>)). */
  random?: SeededRandom;
  /** Random stream for topic ids (default runtime.random.fork("TopicId").fork(<node>)). */
  topicIdRandom?: SeededRandom;
}

function fail<T>(cb: ZkCallback<T>, err: unknown): void {
  cb(err instanceof Error ? err : new Error(String(err)), undefined as T);
}

/** Properties-like input: a record or entries. */
export type TopicConfigInput = Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

function entriesOf(config: TopicConfigInput): [string, string][] {
  return Symbol.iterator in Object(config)
    ? [...(config as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v])
    : Object.entries(config as Record<string, string>);
}

/** Scala's Map.toString of an assignment, e.g. `Map(0 -> ArrayBuffer(1, 2))` — used in error messages. */
function assignmentString(assignment: ReadonlyMap<number, readonly number[]>): string {
  return `HashMap(${[...assignment].map(([p, r]) => `${p} -> ArrayBuffer(${r.join(", ")})`).join(", ")})`;
}

export class AdminZkClient {
  private readonly random: SeededRandom;
  private readonly topicIdRandom: SeededRandom;

  constructor(runtime: Runtime, readonly zkClient: KafkaZkClient, opts: AdminZkClientOptions = {}) {
    this.random = opts.random ?? runtime.random.fork("AdminUtils").fork(zkClient.node);
    this.topicIdRandom = opts.topicIdRandom ?? runtime.random.fork("TopicId").fork(zkClient.node);
  }

  /**
   * AdminZkClient.getBrokerMetadatas: live brokers sorted by id, with racks per the mode. Enforced and only some
   * brokers with a rack: AdminOperationException.
   */
  getBrokerMetadatas(rackAwareMode: RackAwareMode, brokerList: readonly number[] | null, cb: ZkCallback<BrokerMetadata[]>): void {
    this.zkClient.getAllBrokersInCluster((err, all) => {
      if (err) return fail(cb, err);
      const brokers = brokerList === null ? all : all.filter((b) => brokerList.includes(b.id));
      const withRack = brokers.filter((b) => b.rack !== null);
      if (rackAwareMode === "Enforced" && withRack.length > 0 && withRack.length < brokers.length) {
        return fail(cb, new AdminOperationException("Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information."));
      }
      const noRacks = rackAwareMode === "Disabled" || (rackAwareMode === "Safe" && withRack.length < brokers.length);
      const out = brokers.map((b) => ({ id: b.id, rack: noRacks ? null : b.rack }));
      out.sort((a, b) => a.id - b.id);
      cb(null, out);
    });
  }

  /** AdminZkClient.createTopic: placement by AdminUtils over the live brokers, then createTopicWithAssignment. */
  createTopic(topic: string, partitions: number, replicationFactor: number, topicConfig: TopicConfigInput,
    rackAwareMode: RackAwareMode, cb: ZkCallback<Map<number, number[]>>): void {
    this.getBrokerMetadatas(rackAwareMode, null, (err, brokers) => {
      if (err) return fail(cb, err);
      let assignment: Map<number, number[]>;
      try {
        assignment = assignReplicasToBrokers(brokers, partitions, replicationFactor, -1, -1, this.random);
      } catch (e) {
        return fail(cb, e);
      }
      this.createTopicWithAssignment(topic, topicConfig, assignment, true, true, (e) => (e ? fail(cb, e) : cb(null, assignment)));
    });
  }

  /** The placement createTopic would use (for validate-only requests and `--generate`), nothing written. */
  assignReplicas(partitions: number, replicationFactor: number, rackAwareMode: RackAwareMode, cb: ZkCallback<Map<number, number[]>>): void {
    this.getBrokerMetadatas(rackAwareMode, null, (err, brokers) => {
      if (err) return fail(cb, err);
      try {
        cb(null, assignReplicasToBrokers(brokers, partitions, replicationFactor, -1, -1, this.random));
      } catch (e) {
        fail(cb, e);
      }
    });
  }

  /**
   * AdminZkClient.createTopicWithAssignment: validates (unless told not to), writes /config/topics/<topic>
   * (always, even empty), then /brokers/topics/<topic> with a new topic id. An existing topic:
   * TopicExistsException "Topic 'first' already exists.".
   */
  createTopicWithAssignment(topic: string, config: TopicConfigInput, assignment: ReadonlyMap<number, readonly number[]>,
    validate: boolean, usesTopicId: boolean, cb: ZkCallback<string | null>): void {
    const entries = entriesOf(config);
    const write = (): void => {
      this.zkClient.setOrCreateEntityConfigs(ConfigType.Topic, topic, entries, (err) => {
        if (err) return fail(cb, err);
        const topicId = usesTopicId ? this.topicIdRandom.uuid().toString() : null;
        this.zkClient.createTopicAssignment(topic, topicId, assignment, (e) => {
          if (e instanceof KeeperException && e.code === Code.NODEEXISTS) return fail(cb, new TopicExistsException(`Topic '${topic}' already exists.`));
          if (e) return fail(cb, e);
          cb(null, topicId);
        });
      });
    };
    if (!validate) return write();
    this.validateTopicCreate(topic, assignment, entries, (err) => (err ? fail(cb, err) : write()));
  }

  /** AdminZkClient.validateTopicCreate */
  validateTopicCreate(topic: string, assignment: ReadonlyMap<number, readonly number[]>, config: TopicConfigInput, cb: ZkCallback<void>): void {
    try {
      validateTopicName(topic);
    } catch (e) {
      return fail(cb, e);
    }
    this.zkClient.isTopicMarkedForDeletion(topic, (err, marked) => {
      if (err) return fail(cb, err);
      if (marked) return fail(cb, new TopicExistsException(`Topic '${topic}' is marked for deletion.`));
      this.zkClient.topicExists(topic, (e2, exists) => {
        if (e2) return fail(cb, e2);
        if (exists) return fail(cb, new TopicExistsException(`Topic '${topic}' already exists.`));
        const rest = (): void => {
          try {
            validateAssignment(assignment);
            LogConfig.validate(Object.fromEntries(entriesOf(config)) as LogConfigProps);
          } catch (e) {
            return fail(cb, e);
          }
          cb(null, undefined);
        };
        if (!hasCollisionChars(topic)) return rest();
        this.zkClient.getAllTopicsInCluster((e3, all) => {
          if (e3) return fail(cb, e3);
          if (all.includes(topic)) return fail(cb, new TopicExistsException(`Topic '${topic}' already exists.`));
          const colliding = all.filter((t) => hasCollision(topic, t));
          if (colliding.length > 0) return fail(cb, new InvalidTopicException(`Topic '${topic}' collides with existing topics: ${colliding.join(", ")}`));
          rest();
        });
      });
    });
  }

  /**
   * AdminZkClient.addPartitions (createNewPartitionsAssignment + createPartitionsWithAssignment): new partitions
   * placed by AdminUtils from the broker holding partition 0's first replica, continuing the partition ids; the
   * topic znode is rewritten with old + new. Never removes partitions.
   */
  addPartitions(topic: string, existingAssignment: ReadonlyMap<number, ReplicaAssignment>, allBrokers: readonly BrokerMetadata[],
    numPartitions: number, replicaAssignment: ReadonlyMap<number, readonly number[]> | null, validateOnly: boolean, topicId: string | null,
    cb: ZkCallback<Map<number, number[]>>): void {
    let proposed: Map<number, number[]>;
    try {
      proposed = this.createNewPartitionsAssignment(topic, existingAssignment, allBrokers, numPartitions, replicaAssignment);
    } catch (e) {
      return fail(cb, e);
    }
    if (validateOnly) return cb(null, proposed);
    const combined = new Map<number, ReplicaAssignment>(existingAssignment);
    for (const [p, r] of proposed) combined.set(p, { replicas: r, addingReplicas: [], removingReplicas: [] });
    this.zkClient.setTopicAssignment(topic, topicId, combined, ZkVersion.MatchAnyVersion, (err) => {
      if (err instanceof KeeperException && err.code === Code.NONODE) return fail(cb, new UnknownTopicOrPartitionException(`Topic '${topic}' does not exist.`));
      if (err) return fail(cb, err);
      cb(null, proposed);
    });
  }

  /** AdminZkClient.createNewPartitionsAssignment */
  createNewPartitionsAssignment(topic: string, existingAssignment: ReadonlyMap<number, ReplicaAssignment>, allBrokers: readonly BrokerMetadata[],
    numPartitions: number, replicaAssignment: ReadonlyMap<number, readonly number[]> | null): Map<number, number[]> {
    const partition0 = existingAssignment.get(0);
    if (partition0 === undefined) {
      throw new AdminOperationException(`Unexpected existing replica assignment for topic '${topic}', partition id 0 is missing. Assignment: ${assignmentString(new Map([...existingAssignment].map(([p, a]) => [p, a.replicas])))}`);
    }
    const partitionsToAdd = numPartitions - existingAssignment.size;
    if (partitionsToAdd <= 0) {
      throw new InvalidPartitionsException(`The number of partitions for a topic can only be increased. Topic ${topic} currently has ${existingAssignment.size} partitions, ${numPartitions} would not be an increase.`);
    }
    if (replicaAssignment !== null) {
      validateReplicaAssignment(replicaAssignment, partition0.replicas.length, new Set(allBrokers.map((b) => b.id)));
      return new Map([...replicaAssignment].map(([p, r]) => [p, [...r]]));
    }
    const head = partition0.replicas[0] as number;
    const startIndex = Math.max(0, allBrokers.findIndex((b) => b.id >= head));
    return assignReplicasToBrokers(allBrokers, partitionsToAdd, partition0.replicas.length, startIndex, existingAssignment.size);
  }

  /**
   * AdminZkClient.deleteTopic: marks the topic for deletion (/admin/delete_topics/<topic>). Unknown topic:
   * UnknownTopicOrPartitionException; already marked: TopicAlreadyMarkedForDeletionException.
   */
  deleteTopic(topic: string, cb: ZkCallback<void>): void {
    this.zkClient.topicExists(topic, (err, exists) => {
      if (err) return fail(cb, err);
      if (!exists) return fail(cb, new UnknownTopicOrPartitionException(`Topic \`${topic}\` to delete does not exist`));
      this.zkClient.createDeleteTopicPath(topic, (e) => {
        if (e instanceof KeeperException && e.code === Code.NODEEXISTS) {
          return fail(cb, new TopicAlreadyMarkedForDeletionException(`topic ${topic} is already marked for deletion`));
        }
        if (e) return fail(cb, new AdminOperationException(e.message));
        cb(null, undefined);
      });
    });
  }

  /** AdminZkClient.changeTopicConfig: validates, writes /config/topics/<topic> and a change notification. */
  changeTopicConfig(topic: string, configs: TopicConfigInput, cb: ZkCallback<void>): void {
    const entries = entriesOf(configs);
    try {
      validateTopicName(topic);
    } catch (e) {
      return fail(cb, e);
    }
    this.zkClient.topicExists(topic, (err, exists) => {
      if (err) return fail(cb, err);
      if (!exists) return fail(cb, new UnknownTopicOrPartitionException(`Topic '${topic}' does not exist.`));
      try {
        LogConfig.validate(Object.fromEntries(entries) as LogConfigProps);
      } catch (e) {
        return fail(cb, e);
      }
      this.changeEntityConfig(ConfigType.Topic, topic, entries, cb);
    });
  }

  /** AdminZkClient.changeEntityConfig: /config/<type>/<name> and /config/changes/config_change_<seq>. */
  changeEntityConfig(rootEntityType: string, fullSanitizedEntityName: string, entries: readonly (readonly [string, string])[], cb: ZkCallback<void>): void {
    this.zkClient.setOrCreateEntityConfigs(rootEntityType, fullSanitizedEntityName, entries, (err) => {
      if (err) return fail(cb, err);
      this.zkClient.createConfigChangeNotification(`${rootEntityType}/${fullSanitizedEntityName}`, (e) => (e ? fail(cb, e) : cb(null, undefined)));
    });
  }

  /** AdminZkClient.fetchEntityConfig */
  fetchEntityConfig(rootEntityType: string, sanitizedEntityName: string, cb: ZkCallback<Map<string, string>>): void {
    this.zkClient.getEntityConfigs(rootEntityType, sanitizedEntityName, cb);
  }
}

/** The checks of AdminZkClient.validateTopicCreate on an explicit assignment. */
function validateAssignment(assignment: ReadonlyMap<number, readonly number[]>): void {
  if (new Set([...assignment.values()].map((r) => r.length)).size !== 1) {
    throw new InvalidReplicaAssignmentException("All partitions should have the same number of replicas");
  }
  for (const reps of assignment.values()) {
    if (reps.length !== new Set(reps).size) throw new InvalidReplicaAssignmentException(`Duplicate replica assignment found: ${assignmentString(assignment)}`);
  }
  const n = assignment.size;
  const sequenceSum = (n * (n - 1)) / 2;
  const sum = [...assignment.keys()].filter((p) => p >= 0).reduce((a, b) => a + b, 0);
  if (sum !== sequenceSum) throw new InvalidReplicaAssignmentException("partitions should be a consecutive 0-based integer sequence");
}

/** AdminZkClient.validateReplicaAssignment (explicit assignment of added partitions). */
function validateReplicaAssignment(assignment: ReadonlyMap<number, readonly number[]>, expectedReplicationFactor: number, availableBrokerIds: ReadonlySet<number>): void {
  for (const [partitionId, replicas] of assignment) {
    if (replicas.length === 0) throw new InvalidReplicaAssignmentException(`Cannot have replication factor of 0 for partition id ${partitionId}.`);
    if (replicas.length !== new Set(replicas).size) {
      throw new InvalidReplicaAssignmentException(`Duplicate brokers not allowed in replica assignment: ${replicas.join(", ")} for partition id ${partitionId}.`);
    }
    const unknown = replicas.filter((r) => !availableBrokerIds.has(r));
    if (unknown.length > 0) {
      throw new InvalidReplicaAssignmentException(`Some brokers specified for partition id ${partitionId} are not available. Specified brokers: ${replicas.join(", ")}, available brokers: ${[...availableBrokerIds].join(", ")}.`);
    }
    if (replicas.length !== expectedReplicationFactor) {
      throw new InvalidReplicaAssignmentException(`Inconsistent replication factor between partitions, partition 0 has ${expectedReplicationFactor} while partition ${partitionId} has replication factor ${replicas.length}.`);
    }
  }
}
