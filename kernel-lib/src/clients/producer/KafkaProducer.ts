// org.apache.kafka.clients.producer.KafkaProducer: send() runs Kafka's pipeline (§3.1 of the reference) —
// interceptors.onSend, waitOnMetadata (up to max.block.ms), key/value serializers, partition choice (explicit,
// partitioner.class, murmur2 of the key, or the built-in uniform sticky partitioner), size check, then the
// RecordAccumulator — and returns a FutureRecordMetadata (a thenable: `await producer.send(r)` is Kafka's
// `send(r).get()`); the Sender delivers batches in the background of the runtime.
//
// The producer is a node of its own on the runtime network ("producer-1", ...). Java's send() blocks the
// calling thread while it waits for metadata or buffer memory; here such a send is queued (later sends queue
// behind it, keeping send order) and finishes when metadata or memory arrives, or fails after max.block.ms.
// A SerializationException is thrown by send() itself when the topic's metadata is already known (as in Java);
// for a send that had to wait, it fails the send's future and callback instead.
//
// Idempotence: enable.idempotence defaults to true in 3.9 and the config rules are Kafka's, but the broker does
// not keep producer state yet, so this producer sends without a producer id (as with enable.idempotence=false:
// retries may duplicate). `producer.idempotent` is false and a WARN line says so. The seams are in place
// (Sender.transactionManager, MemoryRecordsBuilder.setProducerState at drain).
import { ConfigException } from "../../protocol/ConfigException";
import { parseBootstrapServers } from "../../protocol/HostPort";
import { ApiException } from "../../protocol/ApiException";
import { InvalidTopicException, RecordTooLargeException, TimeoutException } from "../../protocol/ApiExceptions";
import { isEnvelope, type ResponseMessage } from "../../protocol/Envelope";
import { KafkaException } from "../../protocol/KafkaException";
import { NetworkClient } from "../../protocol/NetworkClient";
import type { TimerId } from "../../sim/Scheduler";
import { getDefaultRuntime } from "../../sim/DefaultRuntime";
import { IllegalArgumentException, IllegalStateException } from "../../sim/errors";
import { Runtime } from "../../sim/Runtime";
import { compressionTypeForName } from "../../storage/compression";
import { RECORD_BATCH_OVERHEAD } from "../../storage/DefaultRecordBatch";
import { recordSizeUpperBound } from "../../storage/DefaultRecord";
import type { ClientLogEvent, ClientLogger } from "../common/ClientLogEvent";
import type { Cluster } from "../common/Cluster";
import { Metadata } from "../common/Metadata";
import type { PartitionInfo } from "../common/PartitionInfo";
import { ClassCastException, SerializationException, javaClassOf } from "../common/serialization/SerializationException";
import { serdeClassName, serializerFor } from "../common/serialization/SerdeClasses";
import type { Serializer } from "../common/serialization/Serializer";
import { partitionForKey } from "../../protocol/Utils";
import { callbackFunction, type Callback } from "./Callback";
import type { Partitioner } from "./Partitioner";
import { PARTITIONER_RANDOM_CONFIG } from "./PartitionerRandom";
import { DefaultPartitioner } from "./partitioner/DefaultPartitioner";
import { LegacyRoundRobinDefaultPartitioner } from "./partitioner/LegacyRoundRobinDefaultPartitioner";
import { RoundRobinPartitioner, RoundRobinPartitioner390 } from "./partitioner/RoundRobinPartitioner";
import { UniformStickyPartitioner } from "./partitioner/UniformStickyPartitioner";
import { ProducerConfig, type ProducerProps } from "./ProducerConfig";
import type { ProducerInterceptor } from "./ProducerInterceptor";
import { ProducerRecord, type ProducerRecordFields } from "./ProducerRecord";
import { UNKNOWN_PARTITION } from "./RecordMetadata";
import { FutureRecordMetadata } from "./internals/FutureRecordMetadata";
import { ProducerInterceptors } from "./internals/ProducerInterceptors";
import { RecordAccumulator } from "./internals/RecordAccumulator";
import { Sender } from "./internals/Sender";

/** A Runtime, or an object that has one (EmbeddedCluster). */
export type RuntimeOrCluster = Runtime | { readonly runtime: Runtime };

export interface KafkaProducerOptions {
  /** Receives the log lines Kafka's producer would write. */
  logger?: ClientLogger;
}

const KNOWN_PARTITIONERS: readonly ((new () => Partitioner) & { className: string })[] = [
  RoundRobinPartitioner, RoundRobinPartitioner390, DefaultPartitioner, UniformStickyPartitioner, LegacyRoundRobinDefaultPartitioner,
];

// Client node names are unique per runtime (producer-1, producer-2, ...), like Kafka's client id sequence.
const sequences = new WeakMap<Runtime, number>();

/** A send that waits (for metadata or buffer memory), in send order. */
interface PendingSend {
  record: ProducerRecord;
  future: FutureRecordMetadata;
  /** When the send started to wait as the head of the queue (max.block.ms counts from here). */
  startMs: number;
  timer: TimerId | null;
  /** Set once serialized and partitioned (a send waiting for memory does not serialize twice). */
  keyBytes?: Uint8Array | null;
  valueBytes?: Uint8Array | null;
  partition?: number;
  waitingFor: "metadata" | "memory";
}

function resolveRuntime(where?: RuntimeOrCluster | null): Runtime {
  if (where instanceof Runtime) return where;
  if (where !== undefined && where !== null && (where as { runtime?: unknown }).runtime instanceof Runtime) return where.runtime;
  const def = getDefaultRuntime();
  if (def !== null) return def;
  throw new KafkaException("No cluster to connect to: start one with EmbeddedCluster.start(...) or pass the cluster (or its runtime) as the second argument");
}

export class KafkaProducer<K = unknown, V = unknown> {
  readonly config: ProducerConfig;
  readonly clientId: string;
  /** The producer's node name on the runtime network. */
  readonly node: string;
  readonly runtime: Runtime;
  /** Whether batches carry a producer id and sequences (not yet: see the note at the top of this file). */
  readonly idempotent = false;
  /** Log lines written so far (the last 1000). */
  readonly logs: ClientLogEvent[] = [];
  private readonly logger: ClientLogger;
  private readonly logPrefix: string;
  private readonly network: NetworkClient;
  private readonly metadata: Metadata;
  private readonly accumulator: RecordAccumulator;
  private readonly sender: Sender;
  private readonly interceptors: ProducerInterceptors;
  private readonly keySerializer: Serializer;
  private readonly valueSerializer: Serializer;
  private readonly partitioner: Partitioner | null;
  private readonly pending: PendingSend[] = [];
  private readonly metadataWaiters = new Set<() => boolean>();
  private readonly progressWaiters = new Set<() => boolean>();
  private requestsSent = 0;
  /** waitOnMetadata's last answer: `knownTopic` has `knownPartitionCount` partitions in `knownCluster`. */
  private knownCluster: Cluster | null = null;
  private knownTopic: string | null = null;
  private knownPartitionCount = 0;
  /** Reused for sends that do not wait (no allocation per record). */
  private readonly scratch: PendingSend = { record: null as unknown as ProducerRecord, future: null as unknown as FutureRecordMetadata, startMs: 0, timer: null, waitingFor: "metadata" };
  private closing: Promise<void> | null = null;
  private closed = false;

  constructor(props: ProducerProps | ProducerConfig, where?: RuntimeOrCluster | null, options: KafkaProducerOptions = {}) {
    this.config = props instanceof ProducerConfig ? props : new ProducerConfig(props);
    const config = this.config;
    this.runtime = resolveRuntime(where);
    const runtime = this.runtime;
    let seq = sequences.get(runtime) ?? 0;
    let node: string;
    do node = `producer-${++seq}`; while (runtime.network.isUp(node));
    sequences.set(runtime, seq);
    this.node = node;
    this.clientId = config.clientIdConfigured ? config.clientId : config.transactionalId !== null ? `producer-${config.transactionalId}` : node;
    this.logPrefix = `[Producer clientId=${this.clientId}] `;
    const userLogger = options.logger;
    this.logger = (e) => {
      this.logs.push(e);
      if (this.logs.length > 1000) this.logs.shift();
      userLogger?.(e);
    };
    for (const e of config.logEvents) this.logger(e);
    const bootstrap = parseBootstrapServers(config.bootstrapServers);

    const configs: Record<string, unknown> = { ...config.originals, "client.id": this.clientId };
    this.keySerializer = serializerFor("key.serializer", config.keySerializer);
    this.keySerializer.configure?.(configs, true);
    this.valueSerializer = serializerFor("value.serializer", config.valueSerializer);
    this.valueSerializer.configure?.(configs, false);
    this.partitioner = this.makePartitioner(config.partitionerClass, { ...configs, [PARTITIONER_RANDOM_CONFIG]: runtime.random.fork(`${node}.partitioner`) });
    this.interceptors = new ProducerInterceptors(config.interceptorClasses.map((c) => this.makeInterceptor(c, configs)), this.logger);

    this.network = new NetworkClient(runtime, node, { requestTimeoutMs: config.requestTimeoutMs, clientId: this.clientId });
    this.metadata = new Metadata(runtime, this.network, node, bootstrap, {
      retryBackoffMs: config.retryBackoffMs, retryBackoffMaxMs: config.retryBackoffMaxMs, metadataMaxAgeMs: config.metadataMaxAgeMs,
      requestTimeoutMs: config.requestTimeoutMs, allowAutoTopicCreation: true, logPrefix: this.logPrefix,
      interest: () => this.pending.length > 0 || this.metadataWaiters.size > 0 || this.accumulator.hasIncomplete(),
    }, this.logger, () => this.requestsSent++);
    this.accumulator = new RecordAccumulator(runtime, {
      batchSize: Math.max(1, config.batchSize), compression: compressionTypeForName(config.compressionType), compressionLevel: config.compressionLevel,
      lingerMs: config.lingerMs, deliveryTimeoutMs: config.deliveryTimeoutMs, bufferMemory: config.bufferMemory,
      enableAdaptivePartitioning: config.partitionerAdaptivePartitioningEnable, partitionAvailabilityTimeoutMs: config.partitionerAvailabilityTimeoutMs,
    }, runtime.random.fork(`${node}.builtInPartitioner`));
    this.sender = new Sender(runtime, node, this.network, this.metadata, this.accumulator, {
      acks: config.acks, retries: config.retries, requestTimeoutMs: config.requestTimeoutMs, maxRequestSize: config.maxRequestSize,
      maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection, retryBackoffMs: config.retryBackoffMs,
      retryBackoffMaxMs: config.retryBackoffMaxMs, reconnectBackoffMs: config.reconnectBackoffMs, logPrefix: this.logPrefix,
    }, this.interceptors.isEmpty ? null : (m, e) => this.interceptors.onAcknowledgement(m, e), this.logger, () => this.requestsSent++);
    this.sender.accumulatorDeliveryTimeoutMs = config.deliveryTimeoutMs;
    this.sender.onProgress = () => this.onProgress();
    this.metadata.onUpdate(() => this.onMetadataUpdate());

    runtime.network.register(node, (from, message) => {
      if (isEnvelope(message) && message.kind === "response") this.network.handleResponse(from, message as ResponseMessage);
    });
    if (config.enableIdempotence) {
      this.logger({ level: "WARN", logger: "org.apache.kafka.clients.producer.KafkaProducer",
        message: `${this.logPrefix}enable.idempotence=true is accepted, but this engine does not run idempotence yet (no producer id or sequence ` +
          "numbers): the producer sends as with enable.idempotence=false, so a retried batch can be written twice." });
    }
    runtime.trace.record(node, "producer.start", { clientId: this.clientId, acks: config.acks });
  }

  // ---------------------------------------------------------------------------------------------------- send

  /**
   * KafkaProducer.send: asynchronous; returns the record's future (await it for the RecordMetadata). The
   * callback, if any, runs when the send completes — for one partition in send order.
   */
  send(record: ProducerRecord<K | null, V | null> | ProducerRecordFields<K | null, V | null>, callback?: Callback | null): FutureRecordMetadata {
    // Java takes only a ProducerRecord; named fields are the TypeScript-friendly spelling of the same record.
    if (!(record instanceof ProducerRecord)) record = ProducerRecord.of(record);
    const intercepted = this.interceptors.isEmpty ? (record as ProducerRecord) : this.interceptors.onSend(record as ProducerRecord);
    if (this.closing !== null) {
      const e = new IllegalStateException("Cannot perform operation after producer has been closed");
      this.interceptors.onSendError(intercepted, -1, e);
      throw e;
    }
    const future = new FutureRecordMetadata(this.runtime, callbackFunction(callback));
    if (this.pending.length > 0) {
      this.pending.push({ record: intercepted, future, startMs: -1, timer: null, waitingFor: "metadata" });
      return future;
    }
    const p = this.scratch;
    // One clock read per send, as doSend's nowMs (it is also the record's CreateTime when none is given).
    const now = this.runtime.now();
    p.record = intercepted;
    p.future = future;
    p.startMs = now;
    p.keyBytes = p.valueBytes = p.partition = undefined;
    p.waitingFor = "metadata";
    // The common case completes here without a PendingSend of its own; one is made only if the send must wait.
    if (!this.trySend(p, true, now)) this.block({ ...p, timer: null });
    return future;
  }

  /**
   * One attempt at doSend for `p`: true when the send is done (appended, or failed), false when it must wait.
   * `sync`: called from send() itself (a SerializationException is then thrown, as Java's send throws it).
   */
  private trySend(p: PendingSend, sync: boolean, now = this.runtime.now()): boolean {
    const record = p.record;
    const topic = record.topic;
    let partition = p.partition ?? UNKNOWN_PARTITION;
    try {
      const cluster = this.metadata.fetch();
      if (p.partition === undefined) {
        // waitOnMetadata. The answer for the last topic is kept per metadata snapshot (snapshots are immutable
        // and the topic set only grows), so a run of sends to one topic skips the lookups.
        let count: number | null;
        if (cluster === this.knownCluster && topic === this.knownTopic) {
          count = this.knownPartitionCount;
        } else {
          if (cluster.invalidTopics.has(topic)) throw new InvalidTopicException(`Invalid topics: [${topic}]`);
          this.metadata.add(topic);
          count = cluster.partitionCountForTopic(topic);
          if (count !== null) {
            this.knownCluster = cluster;
            this.knownTopic = topic;
            this.knownPartitionCount = count;
          }
        }
        if (count === null || (record.partition !== null && record.partition >= count)) {
          p.waitingFor = "metadata";
          if (now - p.startMs >= this.config.maxBlockMs) {
            throw new TimeoutException(count === null
              ? `Topic ${topic} not present in metadata after ${this.config.maxBlockMs} ms.`
              : `Partition ${record.partition} of topic ${topic} with partition count ${count} is not present in metadata after ${this.config.maxBlockMs} ms.`);
          }
          return false;
        }
        p.keyBytes = this.serialize(this.keySerializer, "key", topic, record.key, record);
        p.valueBytes = this.serialize(this.valueSerializer, "value", topic, record.value, record);
        partition = this.partition(record, p.keyBytes, p.valueBytes, cluster);
        p.partition = partition;
        const f = p.future;
        f.serializedKeySize = p.keyBytes === null ? -1 : p.keyBytes.length;
        f.serializedValueSize = p.valueBytes === null ? -1 : p.valueBytes.length;
        f.createTimestamp = record.timestamp ?? now;
        this.ensureValidRecordSize(RECORD_BATCH_OVERHEAD + recordSizeUpperBound(p.keyBytes, p.valueBytes, record.headers));
      }
      return this.append(p, cluster, now);
    } catch (e) {
      if (e instanceof ApiException) {
        this.failEarly(p, partition, e);
        return true;
      }
      this.interceptors.onSendError(record, partition, e as Error);
      if (sync) throw e;
      this.failEarly(p, partition, e as Error, false);
      return true;
    }
  }

  private append(p: PendingSend, cluster: Cluster, now: number): boolean {
    const record = p.record;
    const headers = record.headers.length === 0 ? undefined : record.headers;
    const ts = p.future.createTimestamp;
    let result = this.accumulator.append(record.topic, p.partition!, ts, p.keyBytes!, p.valueBytes!, headers, p.future, this.partitioner !== null, now, cluster);
    if (result.abortForNewBatch) {
      // A custom partitioner hears about the new batch and chooses again (the source of RoundRobin's 3.9.0 bug).
      this.partitioner!.onNewBatch?.(record.topic, cluster, result.partition);
      p.partition = this.partition(record, p.keyBytes!, p.valueBytes!, cluster);
      result = this.accumulator.append(record.topic, p.partition, ts, p.keyBytes!, p.valueBytes!, headers, p.future, false, now, cluster);
    }
    if (result.needMemory > 0) {
      p.waitingFor = "memory";
      if (now - p.startMs >= this.config.maxBlockMs) throw this.accumulator.free.exhausted(result.needMemory, this.config.maxBlockMs);
      return false;
    }
    if (result.batchIsFull || result.newBatchCreated) this.sender.wakeup();
    return true;
  }

  /** ApiExceptions before the accumulator: the callback and interceptors hear of them, the future fails. */
  private failEarly(p: PendingSend, partition: number, e: Error, notifyInterceptors = true): void {
    const metadata = FutureRecordMetadata.failedMetadata(p.record.topic, partition);
    p.future.complete(metadata, e);
    if (p.future.callback !== null) p.future.callback(metadata, e);
    if (notifyInterceptors) this.interceptors.onSendError(p.record, partition, e);
  }

  private serialize(serializer: Serializer, which: "key" | "value", topic: string, data: unknown, record: ProducerRecord): Uint8Array | null {
    try {
      return serializer.serialize(topic, data, record.headers);
    } catch (e) {
      if (e instanceof ClassCastException) {
        const configured = which === "key" ? this.config.keySerializer : this.config.valueSerializer;
        throw new SerializationException(`Can't convert ${which} of class ${javaClassOf(data)} to class ${serdeClassName(configured)} specified in ${which}.serializer`, { cause: e });
      }
      throw e;
    }
  }

  /** KafkaProducer.partition */
  private partition(record: ProducerRecord, keyBytes: Uint8Array | null, valueBytes: Uint8Array | null, cluster: Cluster): number {
    if (record.partition !== null) return record.partition;
    if (this.partitioner !== null) {
      const p = this.partitioner.partition(record.topic, record.key, keyBytes, record.value, valueBytes, cluster);
      if (!(p >= 0)) throw new IllegalArgumentException(`The partitioner generated an invalid partition number: ${p}. Partition number should always be non-negative.`);
      return p;
    }
    if (keyBytes !== null && !this.config.partitionerIgnoreKeys) return partitionForKey(keyBytes, cluster.partitionsForTopic(record.topic).length);
    return UNKNOWN_PARTITION;
  }

  /** KafkaProducer.ensureValidRecordSize */
  private ensureValidRecordSize(size: number): void {
    if (size > this.config.maxRequestSize) {
      throw new RecordTooLargeException(`The message is ${size} bytes when serialized which is larger than ${this.config.maxRequestSize}, ` +
        "which is the value of the max.request.size configuration.");
    }
    if (size > this.config.bufferMemory) {
      throw new RecordTooLargeException(`The message is ${size} bytes when serialized which is larger than the total memory buffer you have ` +
        "configured with the buffer.memory configuration.");
    }
  }

  // ------------------------------------------------------------------------------------------- waiting sends

  private block(p: PendingSend): void {
    this.pending.push(p);
    this.armHead();
  }

  /** The head of the queue waits: make sure metadata is being fetched and its max.block.ms deadline is set. */
  private armHead(): void {
    const head = this.pending[0];
    if (head === undefined) {
      this.accumulator.memoryWaiters = 0;
      return;
    }
    if (head.startMs < 0) head.startMs = this.runtime.now();
    this.accumulator.memoryWaiters = head.waitingFor === "memory" ? 1 : 0;
    if (head.waitingFor === "metadata") {
      this.metadata.add(head.record.topic);
      this.metadata.requestUpdate();
      this.metadata.poll();
    } else {
      this.sender.wakeup(); // exhausted memory makes every batch sendable
    }
    if (head.timer === null) {
      const delay = Math.max(0, head.startMs + this.config.maxBlockMs - this.runtime.now());
      head.timer = this.runtime.schedule(delay, () => {
        head.timer = null;
        this.processPending();
      }, this.node, "producer.maxBlock");
    }
  }

  /** Retries the waiting sends in order; stops at the first that must still wait. */
  private processPending(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      if (head.startMs < 0) head.startMs = this.runtime.now();
      this.accumulator.memoryWaiters = 0; // the head itself may take memory now
      if (!this.trySend(head, false)) {
        this.armHead();
        return;
      }
      if (head.timer !== null) this.runtime.cancel(head.timer);
      this.pending.shift();
    }
    this.accumulator.memoryWaiters = 0;
  }

  private onMetadataUpdate(): void {
    if (this.pending.length > 0 && this.pending[0]!.waitingFor === "metadata") this.processPending();
    for (const w of [...this.metadataWaiters]) if (w()) this.metadataWaiters.delete(w);
    // New leaders may make queued batches sendable.
    if (this.accumulator.hasIncomplete()) this.sender.wakeup();
  }

  private onProgress(): void {
    if (this.pending.length > 0 && this.pending[0]!.waitingFor === "memory") this.processPending();
    for (const w of [...this.progressWaiters]) if (w()) this.progressWaiters.delete(w);
  }

  // ----------------------------------------------------------------------------------------- flush / close

  /** KafkaProducer.flush: makes every buffered record sendable now and resolves when all have completed. */
  flush(): Promise<void> {
    const d = this.runtime.defer<void>(`${this.clientId} flush`);
    this.accumulator.beginFlush();
    let batches: Set<unknown> | null = null;
    const check = (): boolean => {
      if (this.pending.length > 0) return false;
      batches ??= new Set(this.accumulator.incomplete);
      for (const b of batches) if (!(b as { isDone(): boolean }).isDone()) return false;
      this.accumulator.endFlush();
      d.resolve();
      return true;
    };
    if (!check()) {
      this.progressWaiters.add(check);
      this.sender.wakeup();
    }
    return d.promise;
  }

  /**
   * KafkaProducer.close: no more sends (send() then throws IllegalStateException); waits for buffered records
   * to be sent and acknowledged, up to `timeoutMs` (default: forever); after that, the rest fail with
   * KafkaException("Producer is closed forcefully.").
   */
  close(timeoutMs = Infinity): Promise<void> {
    if (this.closing !== null) return this.closing;
    if (!(timeoutMs >= 0)) throw new IllegalArgumentException("The timeout cannot be negative.");
    this.logger({ level: "INFO", logger: "org.apache.kafka.clients.producer.KafkaProducer",
      message: `${this.logPrefix}Closing the Kafka producer with timeoutMillis = ${timeoutMs === Infinity ? "9223372036854775807" : timeoutMs} ms.` });
    const d = this.runtime.defer<void>(`${this.clientId} close`);
    this.closing = d.promise;
    let closeStarted = false;
    let forceTimer: TimerId | null = null;
    const finish = (): void => {
      if (this.closed) return;
      this.closed = true;
      if (forceTimer !== null) this.runtime.cancel(forceTimer);
      this.sender.close();
      this.metadata.close();
      this.network.close();
      this.runtime.network.unregister(this.node);
      this.interceptors.close();
      this.keySerializer.close?.();
      this.valueSerializer.close?.();
      this.partitioner?.close?.();
      this.logger({ level: "INFO", logger: "org.apache.kafka.common.utils.AppInfoParser", message: `App info kafka.producer for ${this.clientId} unregistered` });
      d.resolve();
    };
    const check = (): boolean => {
      if (this.pending.length > 0) return false;
      if (!closeStarted) {
        closeStarted = true;
        this.sender.initiateClose();
      }
      if (this.accumulator.hasIncomplete() || this.sender.hasInFlight()) return false;
      finish();
      return true;
    };
    const force = (): void => {
      for (const p of this.pending.splice(0)) {
        if (p.timer !== null) this.runtime.cancel(p.timer);
        this.failEarly(p, p.partition ?? UNKNOWN_PARTITION, new KafkaException("Producer is closed forcefully."));
      }
      this.sender.forceCloseNow();
      this.sender.abortIncompleteBatches(new KafkaException("Producer is closed forcefully."));
      this.progressWaiters.delete(check);
      finish();
    };
    if (timeoutMs === 0) force();
    else if (!check()) {
      this.progressWaiters.add(check);
      this.sender.wakeup();
      if (timeoutMs !== Infinity) forceTimer = this.runtime.schedule(timeoutMs, force, this.node, "producer.closeTimeout");
    }
    return d.promise;
  }

  // ------------------------------------------------------------------------------------------ other calls

  /** KafkaProducer.partitionsFor: the topic's partitions, waiting up to max.block.ms for metadata. */
  partitionsFor(topic: string): Promise<PartitionInfo[]> {
    if (this.closing !== null) return Promise.reject(new IllegalStateException("Cannot perform operation after producer has been closed"));
    const d = this.runtime.defer<PartitionInfo[]>(`${this.clientId} partitionsFor(${topic})`);
    const startMs = this.runtime.now();
    let timer: TimerId | null = null;
    const check = (): boolean => {
      const cluster = this.metadata.fetch();
      if (cluster.invalidTopics.has(topic)) {
        d.reject(new InvalidTopicException(`Invalid topics: [${topic}]`));
      } else if (cluster.partitionCountForTopic(topic) !== null) {
        d.resolve([...cluster.partitionsForTopic(topic)]);
      } else if (this.runtime.now() - startMs >= this.config.maxBlockMs) {
        d.reject(new TimeoutException(`Topic ${topic} not present in metadata after ${this.config.maxBlockMs} ms.`));
      } else {
        return false;
      }
      if (timer !== null) this.runtime.cancel(timer);
      return true;
    };
    this.metadata.add(topic);
    if (!check()) {
      this.metadataWaiters.add(check);
      this.metadata.requestUpdate();
      this.metadata.poll();
      timer = this.runtime.schedule(this.config.maxBlockMs, () => {
        if (check()) this.metadataWaiters.delete(check);
      }, this.node, "producer.partitionsFor");
    }
    return d.promise;
  }

  /** A minimal metrics view with Kafka's names (group producer-metrics). */
  metrics(): Record<string, number> {
    const m = this.sender.metrics;
    return {
      "record-send-total": m.recordSendTotal,
      "record-error-total": m.recordErrorTotal,
      "record-retry-total": m.recordRetryTotal,
      "request-total": m.requestTotal,
      "response-total": m.responseTotal,
      "outgoing-byte-total": m.bytesTotal,
      "batch-size-avg": m.batchTotal === 0 ? 0 : m.batchSizeTotal / m.batchTotal,
      "records-per-request-avg": m.requestTotal === 0 ? 0 : m.recordsPerRequestTotal / m.requestTotal,
      "requests-in-flight": this.sender.inFlightRequestCount(),
      "buffer-total-bytes": this.accumulator.free.totalMemory,
      "buffer-available-bytes": this.accumulator.free.availableMemory(),
      "waiting-threads": this.pending.length > 0 ? 1 : 0,
    };
  }

  /** The accumulator (for notebooks showing batches, and tests). */
  get recordAccumulator(): RecordAccumulator {
    return this.accumulator;
  }

  /** The client's current view of the cluster. */
  cluster(): Cluster {
    return this.metadata.fetch();
  }

  toString(): string {
    return `KafkaProducer(clientId=${this.clientId}, acks=${this.config.acks === -1 ? "all" : this.config.acks}, ` +
      `enable.idempotence=${this.config.enableIdempotence}${this.config.enableIdempotence ? " (not enforced yet: no producer id)" : ""})`;
  }

  // --------------------------------------------------------------------------------------------- plumbing

  private makePartitioner(value: unknown, configs: Record<string, unknown>): Partitioner | null {
    if (value === null || value === undefined || value === "") return null;
    let p: Partitioner;
    if (typeof value === "string") {
      const name = value.trim();
      const cls = KNOWN_PARTITIONERS.find((c) => c.className === name || c.name === name);
      if (cls === undefined) throw new ConfigException("partitioner.class", value, "Class " + value + " could not be found.");
      p = new cls();
    } else if (typeof value === "function") {
      p = new (value as new () => Partitioner)();
    } else {
      p = value as Partitioner;
    }
    if (typeof p.partition !== "function") throw new ConfigException(serdeClassName(value) + " is not an instance of org.apache.kafka.clients.producer.Partitioner");
    p.configure?.(configs);
    return p;
  }

  private makeInterceptor(value: unknown, configs: Record<string, unknown>): ProducerInterceptor {
    let i: ProducerInterceptor;
    if (typeof value === "string") throw new ConfigException("interceptor.classes", value, "Class " + value + " could not be found.");
    else if (typeof value === "function") i = new (value as new () => ProducerInterceptor)();
    else i = value as ProducerInterceptor;
    if (typeof i?.onSend !== "function") {
      throw new KafkaException(serdeClassName(value) + " is not an instance of org.apache.kafka.clients.producer.ProducerInterceptor");
    }
    i.configure?.(configs);
    return i;
  }
}
