// org.apache.kafka.clients.consumer.KafkaConsumer (the classic-protocol ClassicKafkaConsumer of 3.9): a pull
// consumer. The application calls poll(); poll drives everything — group membership (join/sync, rebalance
// callbacks), auto-commit, position initialization (committed offsets, then auto.offset.reset via ListOffsets)
// and fetching — and returns at most max.poll.records records. Heartbeats run from runtime timers in the
// background (Kafka's heartbeat thread) but only while something drives the simulation.
//
//   const consumer = new KafkaConsumer({ "bootstrap.servers": "hadoop102:9092", "group.id": "g1",
//     "key.deserializer": "org.apache.kafka.common.serialization.StringDeserializer",
//     "value.deserializer": "org.apache.kafka.common.serialization.StringDeserializer" }, cluster);
//   consumer.subscribe(["first"]);
//   const records = await consumer.poll(1000);
//
// User-facing calls that wait (poll, commitSync, committed, position, offsetsForTimes, beginning/endOffsets, close)
// return promises made with runtime.defer(): awaiting them runs the simulation. Everything inside is callbacks.
import { InvalidGroupIdException, TimeoutException } from "../../protocol/ApiExceptions";
import { ConfigException } from "../../protocol/ConfigException";
import { isEnvelope, type ResponseMessage } from "../../protocol/Envelope";
import { parseBootstrapServers } from "../../protocol/HostPort";
import { KafkaException } from "../../protocol/KafkaException";
import { NetworkClient } from "../../protocol/NetworkClient";
import { TopicPartition } from "../../protocol/TopicPartition";
import { loadAllCodecs } from "../../storage/compression/index";
import { IllegalArgumentException, IllegalStateException } from "../../sim/errors";
import type { Runtime } from "../../sim/Runtime";
import { resolveRuntime, type RuntimeOrCluster } from "../admin/Admin";
import type { ClientLogger } from "../common/ClientLogEvent";
import { Metadata } from "../common/Metadata";
import type { Deserializer } from "../common/serialization/Deserializer";
import { deserializerFor } from "../common/serialization/SerdeClasses";
import * as C from "./ConsumerConfig";
import { ConsumerConfig, type ConsumerConfigValue } from "./ConsumerConfig";
import { ConsumerGroupMetadata } from "./ConsumerGroupMetadata";
import type { ConsumerPartitionAssignor } from "./ConsumerPartitionAssignor";
import type { ConsumerRebalanceListener, OffsetCommitCallback } from "./ConsumerRebalanceListener";
import type { ConsumerRecord } from "./ConsumerRecord";
import { ConsumerRecords } from "./ConsumerRecords";
import { CooperativeStickyAssignor } from "./CooperativeStickyAssignor";
import { NoOffsetForPartitionException } from "./NoOffsetForPartitionException";
import { OffsetAndMetadata, OffsetAndTimestamp } from "./OffsetAndMetadata";
import { RangeAssignor } from "./RangeAssignor";
import { RoundRobinAssignor } from "./RoundRobinAssignor";
import { StickyAssignor } from "./StickyAssignor";
import { TopicPartitionMap } from "./TopicPartitionMap";
import { ConsumerCoordinator } from "./internals/ConsumerCoordinator";
import { Fetcher } from "./internals/Fetcher";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, OffsetFetcher, type ListOffsetResult } from "./internals/OffsetFetcher";
import { SubscriptionState, type OffsetResetStrategy } from "./internals/SubscriptionState";

export interface KafkaConsumerOptions<K, V> {
  keyDeserializer?: Deserializer<K>;
  valueDeserializer?: Deserializer<V>;
  /** Receives the log lines Kafka's consumer would write. */
  logger?: ClientLogger;
}

/** Kafka's built-in assignors by class name (partition.assignment.strategy). */
const ASSIGNOR_CLASSES: Record<string, () => ConsumerPartitionAssignor> = {
  "org.apache.kafka.clients.consumer.RangeAssignor": () => new RangeAssignor(),
  "org.apache.kafka.clients.consumer.RoundRobinAssignor": () => new RoundRobinAssignor(),
  "org.apache.kafka.clients.consumer.StickyAssignor": () => new StickyAssignor(),
  "org.apache.kafka.clients.consumer.CooperativeStickyAssignor": () => new CooperativeStickyAssignor(),
};

function assignorsFor(config: ConsumerConfig): ConsumerPartitionAssignor[] {
  const given = config.instances.get(C.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
  const entries: unknown[] = Array.isArray(given) ? given : config.getList(C.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
  const out: ConsumerPartitionAssignor[] = [];
  for (const e of entries) {
    if (typeof e === "string") {
      const make = ASSIGNOR_CLASSES[e.trim()];
      if (make === undefined) throw new ConfigException(C.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, e, "Class " + e + " could not be found.");
      out.push(make());
    } else if (typeof e === "function") {
      out.push(new (e as new () => ConsumerPartitionAssignor)());
    } else {
      out.push(e as ConsumerPartitionAssignor);
    }
  }
  return out;
}

const sequences = new WeakMap<Runtime, number>();
let codecsLoaded: Promise<unknown> | null = null;

interface PendingPoll<K, V> {
  resolve(r: ConsumerRecords<K, V>): void;
  reject(e: unknown): void;
  timer: number;
}

export class KafkaConsumer<K = unknown, V = unknown> {
  readonly clientId: string;
  /** The consumer's node name on the runtime network. */
  readonly node: string;
  readonly config: ConsumerConfig;
  private readonly runtime: Runtime;
  private readonly network: NetworkClient;
  private readonly metadata: Metadata;
  private readonly subscriptions: SubscriptionState;
  private readonly fetcher: Fetcher<K, V>;
  private readonly offsetFetcher: OffsetFetcher;
  private readonly coordinator: ConsumerCoordinator | null;
  private readonly groupId: string | null;
  private readonly groupInstanceId: string | null;
  private readonly defaultApiTimeoutMs: number;
  private readonly log: ClientLogger;
  private readonly logPrefix: string;
  private pending: PendingPoll<K, V> | null = null;
  private pumping = false;
  private pumpAgain = false;
  private committedFetchInFlight = false;
  private closed = false;
  /** Waiters for position()/other conditions re-evaluated on every event. */
  private readonly watchers = new Set<() => boolean>();

  constructor(props: Readonly<Record<string, ConsumerConfigValue>>, where?: RuntimeOrCluster | null, options: KafkaConsumerOptions<K, V> = {}) {
    const config = new ConsumerConfig(props, { keyDeserializerGiven: options.keyDeserializer !== undefined, valueDeserializerGiven: options.valueDeserializer !== undefined });
    this.config = config;
    const runtime = resolveRuntime(where);
    this.runtime = runtime;
    this.log = options.logger ?? (() => {});
    const bootstrap = parseBootstrapServers(config.getList(C.BOOTSTRAP_SERVERS_CONFIG));
    this.groupId = config.getNullableString(C.GROUP_ID_CONFIG);
    this.groupInstanceId = config.getNullableString(C.GROUP_INSTANCE_ID_CONFIG);
    // ConsumerConfig.maybeOverrideClientId: consumer-<group>-<n> (a sequence per runtime, as Kafka's per JVM).
    const seq = (sequences.get(runtime) ?? 0) + 1;
    sequences.set(runtime, seq);
    const configured = props[C.CLIENT_ID_CONFIG] !== undefined;
    this.clientId = configured ? config.getString(C.CLIENT_ID_CONFIG)
      : "consumer-" + (this.groupId !== null ? this.groupId + "-" : "") + (this.groupInstanceId ?? String(seq));
    let node = this.clientId === "" ? `consumer-${seq}` : this.clientId;
    for (let k = 2; runtime.network.isUp(node); k++) node = `${this.clientId}#${k}`;
    this.node = node;
    this.logPrefix = `[Consumer clientId=${this.clientId}, groupId=${this.groupId ?? ""}] `;
    this.defaultApiTimeoutMs = config.getInt(C.DEFAULT_API_TIMEOUT_MS_CONFIG);
    const requestTimeoutMs = config.getInt(C.REQUEST_TIMEOUT_MS_CONFIG);
    const keyDes = (options.keyDeserializer ?? deserializerFor(C.KEY_DESERIALIZER_CLASS_CONFIG,
      config.instances.get(C.KEY_DESERIALIZER_CLASS_CONFIG) ?? config.get(C.KEY_DESERIALIZER_CLASS_CONFIG))) as Deserializer<K>;
    const valueDes = (options.valueDeserializer ?? deserializerFor(C.VALUE_DESERIALIZER_CLASS_CONFIG,
      config.instances.get(C.VALUE_DESERIALIZER_CLASS_CONFIG) ?? config.get(C.VALUE_DESERIALIZER_CLASS_CONFIG))) as Deserializer<V>;
    keyDes.configure?.(config.originals as Record<string, unknown>, true);
    valueDes.configure?.(config.originals as Record<string, unknown>, false);
    const assignors = assignorsFor(config);
    const isolationLevel = config.getString(C.ISOLATION_LEVEL_CONFIG) === "read_committed" ? 1 : 0;
    const retryBackoffMs = config.getLong(C.RETRY_BACKOFF_MS_CONFIG);

    this.network = new NetworkClient(runtime, node, { requestTimeoutMs, clientId: this.clientId });
    this.metadata = new Metadata(runtime, this.network, node, bootstrap, {
      retryBackoffMs, retryBackoffMaxMs: config.getLong(C.RETRY_BACKOFF_MAX_MS_CONFIG), metadataMaxAgeMs: config.getLong(C.METADATA_MAX_AGE_CONFIG),
      requestTimeoutMs, allowAutoTopicCreation: config.getBoolean(C.ALLOW_AUTO_CREATE_TOPICS_CONFIG), logPrefix: this.logPrefix,
      interest: () => !this.closed && (this.pending !== null || this.watchers.size > 0),
    }, this.log, () => 0);
    this.metadata.onUpdate(() => this.wake());
    this.subscriptions = new SubscriptionState(config.getString(C.AUTO_OFFSET_RESET_CONFIG) as OffsetResetStrategy);
    const onEvent = (): void => this.wake();
    this.fetcher = new Fetcher<K, V>(this.network, this.metadata, this.subscriptions, {
      minBytes: config.getInt(C.FETCH_MIN_BYTES_CONFIG), maxBytes: config.getInt(C.FETCH_MAX_BYTES_CONFIG), maxWaitMs: config.getInt(C.FETCH_MAX_WAIT_MS_CONFIG),
      fetchSize: config.getInt(C.MAX_PARTITION_FETCH_BYTES_CONFIG), maxPollRecords: config.getInt(C.MAX_POLL_RECORDS_CONFIG),
      checkCrcs: config.getBoolean(C.CHECK_CRCS_CONFIG), isolationLevel, requestTimeoutMs,
    }, keyDes, valueDes, onEvent);
    this.offsetFetcher = new OffsetFetcher(runtime, node, this.network, this.metadata, this.subscriptions, { isolationLevel, requestTimeoutMs, retryBackoffMs }, onEvent);
    this.coordinator = this.groupId === null ? null : new ConsumerCoordinator(runtime, node, this.network, this.metadata, bootstrap, {
      groupId: this.groupId, groupInstanceId: this.groupInstanceId, sessionTimeoutMs: config.getInt(C.SESSION_TIMEOUT_MS_CONFIG),
      rebalanceTimeoutMs: config.getInt(C.MAX_POLL_INTERVAL_MS_CONFIG), heartbeatIntervalMs: config.getInt(C.HEARTBEAT_INTERVAL_MS_CONFIG),
      requestTimeoutMs, retryBackoffMs, leaveGroupOnClose: config.getBoolean(C.LEAVE_GROUP_ON_CLOSE_CONFIG),
      autoCommitEnabled: config.getBoolean(C.ENABLE_AUTO_COMMIT_CONFIG), autoCommitIntervalMs: config.getInt(C.AUTO_COMMIT_INTERVAL_MS_CONFIG),
    }, assignors, this.subscriptions, this.log, this.logPrefix, onEvent);
    runtime.network.register(node, (from, message) => {
      if (isEnvelope(message) && message.kind === "response") this.network.handleResponse(from, message as ResponseMessage);
    });
    runtime.trace.record(node, "consumer.start", { clientId: this.clientId, groupId: this.groupId });
    this.log({ level: "INFO", logger: "org.apache.kafka.common.utils.AppInfoParser", message: `Kafka version: 3.9.0` });
  }

  // ---- subscription ---------------------------------------------------------------------------------------

  /** subscribe(topics[, listener]): group-managed assignment; an empty list is unsubscribe(). */
  subscribe(topics: readonly string[], listener: ConsumerRebalanceListener | null = null): void {
    this.ensureOpen();
    this.maybeThrowInvalidGroupIdException();
    if (topics === null || topics === undefined) throw new IllegalArgumentException("Topic collection to subscribe to cannot be null");
    if (topics.length === 0) {
      this.unsubscribe();
      return;
    }
    for (const t of topics) {
      if (t === null || t === undefined || t.trim() === "") throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty topic");
    }
    const set = new Set(topics);
    if (this.subscriptions.subscribe(set, listener)) {
      this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.KafkaConsumer", message: `${this.logPrefix}Subscribed to topic(s): ${[...set].join(", ")}` });
      for (const t of set) this.metadata.add(t);
      this.coordinator?.requestRejoin("subscription changed");
    }
  }

  /** assign(partitions): manual assignment, no group membership. */
  assign(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    if (partitions === null || partitions === undefined) throw new IllegalArgumentException("Topic partition collection to assign to cannot be null");
    if (partitions.length === 0) {
      this.unsubscribe();
      return;
    }
    for (const tp of partitions) {
      if (tp === null || tp.topic === null || tp.topic.trim() === "") throw new IllegalArgumentException("Topic partitions to assign to cannot have null or empty topic");
    }
    // Kafka commits what was consumed before the assignment changes (auto-commit on).
    if (this.coordinator !== null && this.config.getBoolean(C.ENABLE_AUTO_COMMIT_CONFIG) && this.subscriptions.subscriptionType === "USER_ASSIGNED") {
      const offsets = this.subscriptions.allConsumed();
      if (offsets.size > 0) this.coordinator.commitOffsetsAsync(offsets, null);
    }
    const list = partitions.map((tp) => new TopicPartition(tp.topic, tp.partition));
    if (this.subscriptions.assignFromUser(list)) {
      this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.KafkaConsumer", message: `${this.logPrefix}Assigned to partition(s): ${list.map(String).join(", ")}` });
      for (const tp of list) this.metadata.add(tp.topic);
    }
  }

  unsubscribe(): void {
    this.ensureOpen();
    if (this.coordinator !== null && this.subscriptions.hasAutoAssignedPartitions()) this.coordinator.onUnsubscribe();
    this.subscriptions.unsubscribe();
    this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.KafkaConsumer", message: `${this.logPrefix}Unsubscribed all topics or patterns and assigned partitions` });
  }

  assignment(): Set<TopicPartition> {
    return new Set(this.subscriptions.assignedPartitions());
  }

  subscription(): Set<string> {
    return this.subscriptions.subscription();
  }

  groupMetadata(): ConsumerGroupMetadata {
    this.maybeThrowInvalidGroupIdException();
    const g = (this.coordinator as ConsumerCoordinator).currentGeneration();
    return new ConsumerGroupMetadata(this.groupId as string, g.generationId, g.memberId, this.groupInstanceId);
  }

  // ---- poll -------------------------------------------------------------------------------------------------

  /** poll(timeout): records fetched for the assigned partitions, at most max.poll.records. */
  async poll(timeout: number | { toMillis(): number }): Promise<ConsumerRecords<K, V>> {
    this.ensureOpen();
    const timeoutMs = typeof timeout === "number" ? timeout : timeout.toMillis();
    if (timeoutMs < 0) throw new IllegalArgumentException("Timeout must not be negative");
    if (this.subscriptions.hasNoSubscriptionOrUserAssignment()) {
      throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
    }
    if (this.pending !== null) throw new IllegalStateException("KafkaConsumer is not safe for multi-threaded access: poll() is already in progress");
    if (codecsLoaded === null) codecsLoaded = loadAllCodecs();
    await this.runtime.awaitExternal(codecsLoaded);
    const d = this.runtime.defer<ConsumerRecords<K, V>>(`${this.clientId} poll(${timeoutMs})`);
    const pending: PendingPoll<K, V> = { resolve: d.resolve, reject: d.reject, timer: 0 };
    this.pending = pending;
    pending.timer = this.runtime.schedule(timeoutMs, () => {
      if (this.pending !== pending) return;
      this.pump(true);
    }, this.node, "consumer.pollTimeout");
    this.pump(false);
    return d.promise;
  }

  /** Re-evaluates whatever waits (a poll, position()) after any event. */
  private wake(): void {
    if (this.closed) return;
    for (const w of [...this.watchers]) if (w()) this.watchers.delete(w);
    if (this.pending !== null) this.pump(false);
  }

  private pump(final: boolean): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const p = this.pending;
        if (p === null) return;
        let records: Map<string, { tp: TopicPartition; records: ConsumerRecord<K, V>[] }>;
        try {
          records = this.pollOnce();
        } catch (e) {
          this.finishPoll(p);
          p.reject(e);
          return;
        }
        if (records.size > 0 || final) {
          this.finishPoll(p);
          // Pipelining: fetches for the next poll go out before the records are returned (Kafka does the same).
          if (records.size > 0) this.fetcher.sendFetches();
          p.resolve(new ConsumerRecords<K, V>(records));
          return;
        }
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private finishPoll(p: PendingPoll<K, V>): void {
    this.runtime.cancel(p.timer);
    this.pending = null;
  }

  /** One round of KafkaConsumer.pollForFetches: group, positions, buffered records, new fetches. */
  private pollOnce(): Map<string, { tp: TopicPartition; records: ConsumerRecord<K, V>[] }> {
    this.metadata.poll();
    if (this.coordinator !== null) {
      this.coordinator.poll();
      this.coordinator.flushPendingAsyncCommits();
      const err = this.coordinator.takeCallbackError();
      if (err !== null) throw err;
    }
    this.updateFetchPositions();
    const records = this.fetcher.collectFetch();
    if (records.size > 0) return records;
    this.fetcher.sendFetches();
    return records;
  }

  /** KafkaConsumer.updateFetchPositions: committed offsets first, then the reset policy, then ListOffsets. */
  private updateFetchPositions(): void {
    const initializing = this.subscriptions.initializingPartitions();
    if (initializing.length > 0) {
      if (this.coordinator !== null) {
        if (!this.committedFetchInFlight) {
          this.committedFetchInFlight = true;
          const assignmentId = this.subscriptions.assignmentId;
          this.coordinator.fetchCommittedOffsets(initializing, this.runtime.now() + this.defaultApiTimeoutMs, (err, offsets) => {
            this.committedFetchInFlight = false;
            if (err === null && offsets !== null && assignmentId === this.subscriptions.assignmentId) {
              for (const [tp, o] of offsets) {
                const s = this.subscriptions.stateOrNull(tp);
                if (s === null || s.position !== null || s.resetStrategy !== null) continue;
                if (o !== null) {
                  this.subscriptions.seek(tp, o.offset, o.leaderEpoch);
                  this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.internals.ConsumerUtils",
                    message: `${this.logPrefix}Setting offset for partition ${tp.toString()} to the committed offset FetchPosition{offset=${o.offset}, offsetEpoch=Optional${o.leaderEpoch === null ? ".empty" : `[${o.leaderEpoch}]`}}` });
                } else {
                  this.resetToDefault(tp);
                }
              }
            } else if (err !== null) {
              this.pendingErrorForPoll = err;
            }
            this.wake();
          });
        }
      } else {
        for (const tp of initializing) this.resetToDefault(tp);
      }
    }
    if (this.pendingErrorForPoll !== null) {
      const e = this.pendingErrorForPoll;
      this.pendingErrorForPoll = null;
      throw e;
    }
    if (this.noOffsetPartitions.length > 0) {
      const parts = this.noOffsetPartitions;
      this.noOffsetPartitions = [];
      throw new NoOffsetForPartitionException(parts);
    }
    this.offsetFetcher.resetPositionsIfNeeded();
  }

  private pendingErrorForPoll: Error | null = null;
  private noOffsetPartitions: TopicPartition[] = [];

  private resetToDefault(tp: TopicPartition): void {
    const strategy = this.subscriptions.defaultResetStrategy;
    if (strategy === "none") {
      if (!this.noOffsetPartitions.some((x) => x.equals(tp))) this.noOffsetPartitions.push(tp);
      return;
    }
    this.subscriptions.requestOffsetReset(tp, strategy);
  }

  // ---- positions --------------------------------------------------------------------------------------------

  seek(tp: TopicPartition, offset: number | OffsetAndMetadata): void {
    this.ensureOpen();
    const o = typeof offset === "number" ? offset : offset.offset;
    if (o < 0) throw new IllegalArgumentException("seek offset must not be a negative number");
    this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.KafkaConsumer", message: `${this.logPrefix}Seeking to offset ${o} for partition ${tp.toString()}` });
    this.subscriptions.seek(tp, o, typeof offset === "number" ? null : offset.leaderEpoch);
  }

  /** Lazy: the position is looked up (log start offset) at the next poll() or position(). */
  seekToBeginning(partitions: readonly TopicPartition[] = this.subscriptions.assignedPartitions()): void {
    this.ensureOpen();
    for (const tp of partitions) {
      this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.internals.SubscriptionState", message: `${this.logPrefix}Seeking to earliest offset of partition ${tp.toString()}` });
      this.subscriptions.requestOffsetReset(tp, "earliest");
    }
  }

  /** Lazy: the end is the high watermark (read_uncommitted) or LSO (read_committed), never the LEO. */
  seekToEnd(partitions: readonly TopicPartition[] = this.subscriptions.assignedPartitions()): void {
    this.ensureOpen();
    for (const tp of partitions) {
      this.log({ level: "INFO", logger: "org.apache.kafka.clients.consumer.internals.SubscriptionState", message: `${this.logPrefix}Seeking to latest offset of partition ${tp.toString()}` });
      this.subscriptions.requestOffsetReset(tp, "latest");
    }
  }

  /** position(tp): the offset of the next record poll() would return (resolving a pending reset first). */
  position(tp: TopicPartition, timeoutMs = this.defaultApiTimeoutMs): Promise<number> {
    this.ensureOpen();
    if (!this.subscriptions.isAssigned(tp)) throw new IllegalStateException("You can only check the position for partitions assigned to this consumer.");
    const s = this.subscriptions.assignedState(tp);
    if (s.hasValidPosition()) return Promise.resolve(s.position as number);
    return this.waitFor(`position(${tp.toString()})`, timeoutMs, () => {
      if (!this.subscriptions.isAssigned(tp)) throw new IllegalStateException("You can only check the position for partitions assigned to this consumer.");
      const st = this.subscriptions.assignedState(tp);
      if (st.hasValidPosition()) return st.position as number;
      this.metadata.poll();
      this.updateFetchPositions();
      return undefined;
    }, () => new TimeoutException(`Timeout of ${timeoutMs}ms expired before the position for partition ${tp.toString()} could be determined`));
  }

  /** Runs `check` on every event until it returns a value or throws; times out after timeoutMs. */
  private waitFor<T>(label: string, timeoutMs: number, check: () => T | undefined, onTimeout: () => Error): Promise<T> {
    const d = this.runtime.defer<T>(`${this.clientId} ${label}`);
    let timer = 0;
    const w = (): boolean => {
      let v: T | undefined;
      try {
        v = check();
      } catch (e) {
        this.runtime.cancel(timer);
        d.reject(e);
        return true;
      }
      if (v === undefined) return false;
      this.runtime.cancel(timer);
      d.resolve(v);
      return true;
    };
    if (w()) return d.promise;
    this.watchers.add(w);
    timer = this.runtime.schedule(timeoutMs, () => {
      if (this.watchers.delete(w)) d.reject(onTimeout());
    }, this.node, "consumer.apiTimeout");
    return d.promise;
  }

  pause(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    for (const tp of partitions) this.subscriptions.pause(tp);
  }

  resume(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    for (const tp of partitions) this.subscriptions.resume(tp);
  }

  paused(): Set<TopicPartition> {
    return new Set(this.subscriptions.pausedPartitions());
  }

  // ---- commits ----------------------------------------------------------------------------------------------

  /** commitSync([offsets]): blocks until committed; no argument = the positions of everything returned so far. */
  commitSync(offsets?: ReadonlyMap<TopicPartition, OffsetAndMetadata> | null, timeoutMs = this.defaultApiTimeoutMs): Promise<void> {
    this.ensureOpen();
    this.maybeThrowInvalidGroupIdException();
    const coordinator = this.coordinator as ConsumerCoordinator;
    const toCommit = offsets === undefined || offsets === null ? this.subscriptions.allConsumed() : new TopicPartitionMap(offsets);
    for (const o of toCommit.values()) if (o.offset < 0) throw new IllegalArgumentException("Invalid offset: " + o.offset);
    const d = this.runtime.defer<void>(`${this.clientId} commitSync`);
    coordinator.commitOffsetsSync(toCommit, this.runtime.now() + timeoutMs, (err) => {
      coordinator.invokeCompletedOffsetCommitCallbacks();
      if (err === null) d.resolve();
      else d.reject(err);
    });
    return d.promise;
  }

  /** commitAsync([offsets], [callback]): one attempt, no retries; the callback runs at a later poll/commit. */
  commitAsync(offsetsOrCallback?: ReadonlyMap<TopicPartition, OffsetAndMetadata> | OffsetCommitCallback | null, callback: OffsetCommitCallback | null = null): void {
    this.ensureOpen();
    this.maybeThrowInvalidGroupIdException();
    let offsets: TopicPartitionMap<OffsetAndMetadata>;
    if (typeof offsetsOrCallback === "function") {
      callback = offsetsOrCallback;
      offsets = this.subscriptions.allConsumed();
    } else {
      offsets = offsetsOrCallback === undefined || offsetsOrCallback === null ? this.subscriptions.allConsumed() : new TopicPartitionMap(offsetsOrCallback);
    }
    (this.coordinator as ConsumerCoordinator).commitOffsetsAsync(offsets, callback);
  }

  /** committed(partitions): the group's committed offsets (null entries where nothing is committed). */
  committed(partitions: readonly TopicPartition[] | ReadonlySet<TopicPartition>, timeoutMs = this.defaultApiTimeoutMs): Promise<TopicPartitionMap<OffsetAndMetadata | null>> {
    this.ensureOpen();
    this.maybeThrowInvalidGroupIdException();
    const d = this.runtime.defer<TopicPartitionMap<OffsetAndMetadata | null>>(`${this.clientId} committed`);
    (this.coordinator as ConsumerCoordinator).fetchCommittedOffsets([...partitions], this.runtime.now() + timeoutMs, (err, offsets) => {
      if (err !== null || offsets === null) d.reject(err);
      else d.resolve(offsets);
    });
    return d.promise;
  }

  // ---- offsets lookups ----------------------------------------------------------------------------------------

  beginningOffsets(partitions: readonly TopicPartition[], timeoutMs = this.defaultApiTimeoutMs): Promise<TopicPartitionMap<number>> {
    return this.listOffsetsFor(partitions, EARLIEST_TIMESTAMP, timeoutMs, "beginningOffsets");
  }

  /** endOffsets: the high watermark (read_uncommitted) or LSO (read_committed) of each partition. */
  endOffsets(partitions: readonly TopicPartition[], timeoutMs = this.defaultApiTimeoutMs): Promise<TopicPartitionMap<number>> {
    return this.listOffsetsFor(partitions, LATEST_TIMESTAMP, timeoutMs, "endOffsets");
  }

  private listOffsetsFor(partitions: readonly TopicPartition[], ts: number, timeoutMs: number, what: string): Promise<TopicPartitionMap<number>> {
    this.ensureOpen();
    const want = new TopicPartitionMap<number>(partitions.map((tp) => [tp, ts] as const));
    const d = this.runtime.defer<TopicPartitionMap<number>>(`${this.clientId} ${what}`);
    this.offsetFetcher.listOffsets(want, this.runtime.now() + timeoutMs, (err, result) => {
      if (err !== null || result === null) {
        d.reject(err);
        return;
      }
      const out = new TopicPartitionMap<number>();
      for (const [tp, r] of result) out.set(tp, (r as ListOffsetResult | null)?.offset ?? -1);
      d.resolve(out);
    });
    this.metadata.poll();
    return d.promise;
  }

  /** offsetsForTimes: the earliest offset whose timestamp is >= the given one, or null. */
  offsetsForTimes(timestamps: ReadonlyMap<TopicPartition, number>, timeoutMs = this.defaultApiTimeoutMs): Promise<TopicPartitionMap<OffsetAndTimestamp | null>> {
    this.ensureOpen();
    for (const [tp, ts] of timestamps) {
      if (ts < 0) throw new IllegalArgumentException("The target time for partition " + tp.toString() + " is " + ts + ". The target time cannot be negative.");
    }
    const d = this.runtime.defer<TopicPartitionMap<OffsetAndTimestamp | null>>(`${this.clientId} offsetsForTimes`);
    this.offsetFetcher.listOffsets(new TopicPartitionMap(timestamps), this.runtime.now() + timeoutMs, (err, result) => {
      if (err !== null || result === null) {
        d.reject(err);
        return;
      }
      const out = new TopicPartitionMap<OffsetAndTimestamp | null>();
      for (const [tp, r] of result) out.set(tp, r === null ? null : new OffsetAndTimestamp(r.offset, r.timestamp, r.leaderEpoch));
      d.resolve(out);
    });
    this.metadata.poll();
    return d.promise;
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  /** close(): auto-commit (if enabled), revoke, LeaveGroup, release the node. */
  close(timeoutMs = 30000): Promise<void> {
    if (this.closed) return Promise.resolve();
    const d = this.runtime.defer<void>(`${this.clientId} close`);
    const finish = (): void => {
      this.closed = true;
      if (this.pending !== null) {
        const p = this.pending;
        this.finishPoll(p);
        p.reject(new KafkaException("Consumer closed"));
      }
      this.fetcher.close();
      this.offsetFetcher.close();
      this.metadata.close();
      this.network.close();
      this.runtime.cancelOwned(this.node);
      this.runtime.network.unregister(this.node);
      this.runtime.trace.record(this.node, "consumer.close", { clientId: this.clientId });
      this.log({ level: "INFO", logger: "org.apache.kafka.common.utils.AppInfoParser", message: `App info kafka.consumer for ${this.clientId} unregistered` });
      d.resolve();
    };
    if (this.coordinator !== null) this.coordinator.closeGroup(this.runtime.now() + timeoutMs, finish);
    else finish();
    return d.promise;
  }

  /** Crash: the process dies without committing or leaving (the group notices after session.timeout.ms). */
  crash(): void {
    if (this.closed) return;
    this.closed = true;
    this.coordinator?.closeCoordinator();
    this.fetcher.close();
    this.offsetFetcher.close();
    this.metadata.close();
    this.network.abandon();
    this.runtime.cancelOwned(this.node);
    this.runtime.network.unregister(this.node);
    if (this.pending !== null) {
      const p = this.pending;
      this.pending = null;
      p.reject(new KafkaException("Consumer crashed"));
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new IllegalStateException("This consumer has already been closed.");
  }

  private maybeThrowInvalidGroupIdException(): void {
    if (this.groupId === null || this.coordinator === null) {
      throw new InvalidGroupIdException("To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
    }
  }
}

/** Convenience for notebooks: the partitions of a topic as TopicPartitions. */
export function partitionsOf(topic: string, count: number): TopicPartition[] {
  return Array.from({ length: count }, (_, i) => new TopicPartition(topic, i));
}

