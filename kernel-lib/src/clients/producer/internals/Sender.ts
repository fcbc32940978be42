// org.apache.kafka.clients.producer.internals.Sender: the producer's I/O loop, here event-driven on the runtime
// instead of a thread. A run (runOnce) refreshes metadata when needed, expires batches past delivery.timeout.ms
// ("Expiring N record(s) for first-0:120012 ms has passed since batch creation"), asks the accumulator which
// leaders are ready, drains one ProduceRequest per node (up to max.request.size, at most
// max.in.flight.requests.per.connection unanswered per node), and completes, retries (retry.backoff.ms growing to
// retry.backoff.max.ms with jitter) or fails batches from the responses. It is woken once per tick however many
// records were appended (no timer per send), and otherwise sleeps until the earliest linger / backoff / expiry.
import { TimeoutException } from "../../../protocol/ApiExceptions";
import { RetriableException, InvalidMetadataException } from "../../../protocol/ApiException";
import { Errors } from "../../../protocol/Errors";
import type { NetworkClient } from "../../../protocol/NetworkClient";
import type { Node } from "../../../protocol/Node";
import type { ProduceResponse, PartitionProduceResponse, ProduceTopicData } from "../../../protocol/messages/Produce";
import type { Runtime } from "../../../sim/Runtime";
import type { TimerId } from "../../../sim/Scheduler";
import type { ClientLogger } from "../../common/ClientLogEvent";
import { ExponentialBackoff } from "../../common/ExponentialBackoff";
import type { Metadata } from "../../common/Metadata";
import type { RecordMetadata } from "../RecordMetadata";
import type { ProducerBatch } from "./ProducerBatch";
import type { RecordAccumulator } from "./RecordAccumulator";
import type { TransactionManager } from "./TransactionManager";

export interface SenderOptions {
  acks: number;
  retries: number;
  requestTimeoutMs: number;
  maxRequestSize: number;
  maxInFlightRequestsPerConnection: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  reconnectBackoffMs: number;
  logPrefix: string;
}

/** The producer's counters (the metrics() view). */
export interface SenderMetrics {
  recordSendTotal: number;
  recordErrorTotal: number;
  recordRetryTotal: number;
  requestTotal: number;
  responseTotal: number;
  batchSizeTotal: number;
  batchTotal: number;
  recordsPerRequestTotal: number;
  bytesTotal: number;
}

export class Sender {
  private readonly inFlightPerNode = new Map<number, number>();
  private readonly inFlightBatches = new Set<ProducerBatch>();
  private wakeTimer: TimerId | null = null;
  private wakeAt = Infinity;
  /** The scheduled run is due already (wakeAt <= the time it was scheduled at). */
  private wakeDue = false;
  private running = true;
  private forceClose = false;
  private readonly retryBackoff: ExponentialBackoff;
  readonly guaranteeMessageOrder: boolean;
  readonly metrics: SenderMetrics = {
    recordSendTotal: 0, recordErrorTotal: 0, recordRetryTotal: 0, requestTotal: 0, responseTotal: 0, batchSizeTotal: 0, batchTotal: 0,
    recordsPerRequestTotal: 0, bytesTotal: 0,
  };
  /** The slot for idempotence / transactions (null: plain at-least-once producer). */
  transactionManager: TransactionManager | null = null;
  /** Called after every run, e.g. to serve flush() and close() waiters. */
  onProgress: () => void = () => {};

  constructor(
    private readonly runtime: Runtime,
    private readonly selfNode: string,
    private readonly client: NetworkClient,
    private readonly metadata: Metadata,
    private readonly accumulator: RecordAccumulator,
    private readonly opts: SenderOptions,
    private readonly onAcknowledgement: ((m: RecordMetadata, e: Error | null) => void) | null,
    private readonly log: ClientLogger,
    private readonly countRequest: () => number,
  ) {
    this.guaranteeMessageOrder = opts.maxInFlightRequestsPerConnection === 1;
    this.retryBackoff = new ExponentialBackoff(opts.retryBackoffMs, 2, opts.retryBackoffMaxMs, 0.2, runtime.random.fork(`${selfNode}.retryBackoff`));
  }

  /** Wakes the sender: one run at the current time, however many times this is called before it runs. */
  wakeup(): void {
    // A run already due (scheduled for a time not after its scheduling) stays due: time only moves forward.
    // This skips the clock read when every append of a tick wakes the sender.
    if (this.wakeDue) return;
    this.scheduleAt(this.runtime.now());
  }

  isRunning(): boolean {
    return this.running;
  }

  inFlightRequestCount(): number {
    let n = 0;
    for (const c of this.inFlightPerNode.values()) n += c;
    return n;
  }

  hasInFlight(): boolean {
    return this.inFlightBatches.size > 0;
  }

  /** Sender.initiateClose: no more appends; keep running until everything queued and in flight is done. */
  initiateClose(): void {
    this.accumulator.close();
    this.running = false;
    this.wakeup();
  }

  /** Sender.forceClose: fail what is not yet sent and stop. */
  forceCloseNow(): void {
    this.forceClose = true;
    this.initiateClose();
  }

  get forced(): boolean {
    return this.forceClose;
  }

  private scheduleAt(time: number): void {
    if (time >= this.wakeAt) return;
    if (this.wakeTimer !== null) this.runtime.cancel(this.wakeTimer);
    this.wakeAt = time;
    const delay = time - this.runtime.now();
    this.wakeDue = delay <= 0;
    this.wakeTimer = this.runtime.schedule(Math.max(0, delay), this.run, this.selfNode, "producer.sender");
  }

  private readonly run = (): void => {
    this.wakeTimer = null;
    this.wakeAt = Infinity;
    this.wakeDue = false;
    const next = this.runOnce();
    if (next !== Infinity) this.scheduleAt(this.runtime.now() + next);
    this.onProgress();
  };

  /** One pass; returns how long until the next pass is needed (Infinity: wait to be woken). */
  private runOnce(): number {
    const now = this.runtime.now();
    this.metadata.poll();
    const cluster = this.metadata.fetch();
    const result = this.accumulator.ready(cluster, now);
    if (result.unknownLeaderTopics.size > 0) {
      for (const t of result.unknownLeaderTopics) this.metadata.add(t);
      this.metadata.requestUpdate();
      this.metadata.poll();
    }
    let notReadyTimeout = Infinity;
    const sendable: Node[] = [];
    for (const node of result.readyNodes.values()) {
      // NetworkClient.ready: a connection can be made and the node has room for another request.
      const up = this.runtime.network.isUp(node.host);
      const canSendMore = (this.inFlightPerNode.get(node.id) ?? 0) < this.opts.maxInFlightRequestsPerConnection;
      this.accumulator.updateNodeLatencyStats(node.id, now, up && canSendMore);
      if (!up) {
        // Connection refused: try again after reconnect.backoff.ms, with fresh metadata (a new leader?).
        this.metadata.requestUpdate();
        this.metadata.poll();
        notReadyTimeout = Math.min(notReadyTimeout, this.opts.reconnectBackoffMs);
      } else if (canSendMore) {
        sendable.push(node);
      }
      // A node at max in-flight: its response wakes the sender.
    }
    const batches = this.accumulator.drain(cluster, sendable, this.opts.maxRequestSize, now);
    if (this.guaranteeMessageOrder) for (const list of batches.values()) for (const b of list) this.accumulator.mutePartition(b.topicPartition);
    for (const list of batches.values()) for (const b of list) this.inFlightBatches.add(b);

    // Expire batches past delivery.timeout.ms, queued or in flight (Sender.getExpiredInflightBatches).
    const expired = this.accumulator.expiredBatches(now);
    for (const b of this.inFlightBatches) {
      if (b.hasReachedDeliveryTimeout(this.deliveryTimeoutMs(), now)) expired.push(b);
      else this.accumulator.maybeUpdateNextBatchExpiryTime(b);
    }
    for (const b of expired) {
      this.inFlightBatches.delete(b);
      const msg = `Expiring ${b.recordCount} record(s) for ${b.topicPartition.toString()}:${now - b.createdMs} ms has passed since batch creation`;
      this.failBatch(b, -1, -1, new TimeoutException(msg));
    }

    let drained = false;
    for (const [nodeId, list] of batches) {
      if (list.length === 0) continue;
      drained = true;
      this.sendProduceRequest(now, nodeId, list);
    }
    let pollTimeout = Math.min(result.nextReadyCheckDelayMs, notReadyTimeout, this.accumulator.nextExpiryTimeMs() - now);
    // Something was sent: look again at once (more batches may be ready for nodes with room).
    if (drained) pollTimeout = 0;
    return Math.max(0, pollTimeout);
  }

  private deliveryTimeoutMs(): number {
    return this.accumulatorDeliveryTimeoutMs;
  }

  /** Set by the producer (the accumulator's delivery.timeout.ms). */
  accumulatorDeliveryTimeoutMs = 120000;

  private sendProduceRequest(now: number, nodeId: number, batches: ProducerBatch[]): void {
    const node = this.metadata.fetch().nodeById(nodeId);
    if (node === null) {
      for (const b of batches) this.completeBatch(b, { errorCode: Errors.NETWORK_EXCEPTION.code, baseOffset: -1, logAppendTime: -1, errorMessage: null }, now);
      return;
    }
    const byTopic = new Map<string, ProduceTopicData>();
    const byKey = new Map<string, ProducerBatch>();
    let records = 0;
    for (const b of batches) {
      let t = byTopic.get(b.topicPartition.topic);
      if (t === undefined) byTopic.set(b.topicPartition.topic, (t = { name: b.topicPartition.topic, partitionData: [] }));
      const buf = b.recordsBuffer();
      t.partitionData.push({ index: b.topicPartition.partition, records: buf });
      byKey.set(b.topicPartition.toString(), b);
      records += b.recordCount;
      this.metrics.batchTotal++;
      this.metrics.batchSizeTotal += buf.length;
      this.metrics.bytesTotal += buf.length;
    }
    this.metrics.requestTotal++;
    this.metrics.recordsPerRequestTotal += records;
    const expectResponse = this.opts.acks !== 0;
    if (expectResponse) this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 0) + 1);
    this.countRequest();
    this.client.send(`${node.host}:${node.port}`, {
      apiKey: 0, transactionalId: null, acks: this.opts.acks, timeoutMs: this.opts.requestTimeoutMs, topicData: [...byTopic.values()],
    }, (err, response) => {
      if (expectResponse) this.inFlightPerNode.set(nodeId, Math.max(0, (this.inFlightPerNode.get(nodeId) ?? 1) - 1));
      this.handleProduceResponse(err, response, byKey, this.runtime.now());
      this.wakeup();
    }, { expectResponse, timeoutMs: this.opts.requestTimeoutMs });
  }

  private handleProduceResponse(err: Error | null, response: ProduceResponse | null, batches: Map<string, ProducerBatch>, now: number): void {
    this.metrics.responseTotal++;
    if (err !== null) {
      // Disconnected or timed out: every batch of the request gets NETWORK_EXCEPTION (retriable).
      for (const b of batches.values()) this.completeBatch(b, { errorCode: Errors.NETWORK_EXCEPTION.code, baseOffset: -1, logAppendTime: -1, errorMessage: err.message }, now);
      return;
    }
    if (response === null) {
      // acks=0: complete at once, offsets unknown.
      for (const b of batches.values()) this.completeBatch(b, { errorCode: 0, baseOffset: -1, logAppendTime: -1, errorMessage: null }, now);
      return;
    }
    for (const t of response.responses) {
      for (const p of t.partitionResponses) {
        const b = batches.get(`${t.name}-${p.index}`);
        if (b !== undefined) this.completeBatch(b, p, now);
      }
    }
  }

  /** Sender.completeBatch: done, retried, or failed. */
  private completeBatch(batch: ProducerBatch, response: Pick<PartitionProduceResponse, "errorCode" | "baseOffset" | "logAppendTimeMs"> | { errorCode: number; baseOffset: number; logAppendTime: number; errorMessage: string | null },
    now: number): void {
    const logAppendTime = "logAppendTimeMs" in response ? response.logAppendTimeMs : response.logAppendTime;
    const errorMessage = "errorMessage" in response ? response.errorMessage : null;
    const error = Errors.forCode(response.errorCode);
    if (error !== Errors.NONE) {
      const exception = error.exception(errorMessage ?? undefined);
      if (this.canRetry(batch, exception, now)) {
        this.log({ level: "WARN", logger: "org.apache.kafka.clients.producer.internals.Sender",
          message: `${this.opts.logPrefix}Got error produce response with correlation id ${this.correlationIdHint} on topic-partition ${batch.topicPartition.toString()}, ` +
            `retrying (${this.opts.retries - batch.attempts - 1} attempts left). Error: ${error.name}` });
        this.inFlightBatches.delete(batch);
        this.accumulator.reenqueue(batch, now, this.retryBackoff.backoff(batch.attempts));
        this.metrics.recordRetryTotal += batch.recordCount;
      } else {
        this.failBatch(batch, response.baseOffset, logAppendTime, exception);
      }
      if (exception instanceof InvalidMetadataException) {
        if (error === Errors.UNKNOWN_TOPIC_OR_PARTITION) {
          this.log({ level: "WARN", logger: "org.apache.kafka.clients.producer.internals.Sender",
            message: `${this.opts.logPrefix}Received unknown topic or partition error in produce request on partition ${batch.topicPartition.toString()}. ` +
              "The topic-partition may not exist or the user may not have Describe access to it" });
        } else {
          this.log({ level: "WARN", logger: "org.apache.kafka.clients.producer.internals.Sender",
            message: `${this.opts.logPrefix}Received invalid metadata error in produce request on partition ${batch.topicPartition.toString()} due to ` +
              `${exception.name}: ${exception.message}. Going to request metadata update now` });
        }
        this.metadata.requestUpdate();
      }
    } else {
      this.inFlightBatches.delete(batch);
      this.metrics.recordSendTotal += batch.recordCount;
      if (batch.done(response.baseOffset, logAppendTime, null, this.onAcknowledgement)) this.accumulator.deallocate(batch);
    }
    if (this.guaranteeMessageOrder) this.accumulator.unmutePartition(batch.topicPartition);
  }

  /** Correlation ids are not surfaced by NetworkClient; log lines show the count of requests sent so far. */
  private get correlationIdHint(): number {
    return this.metrics.requestTotal;
  }

  private canRetry(batch: ProducerBatch, exception: Error, now: number): boolean {
    return !batch.hasReachedDeliveryTimeout(this.deliveryTimeoutMs(), now) && batch.attempts < this.opts.retries && !batch.isDone() &&
      exception instanceof RetriableException;
  }

  /** Fails a batch (its records' callbacks get the exception) and returns its memory. */
  failBatch(batch: ProducerBatch, baseOffset: number, logAppendTime: number, exception: Error): void {
    this.inFlightBatches.delete(batch);
    this.metrics.recordErrorTotal += batch.recordCount;
    if (batch.done(baseOffset, logAppendTime, exception, this.onAcknowledgement)) this.accumulator.deallocate(batch);
  }

  /** Fails every batch not yet completed (forced close). */
  abortIncompleteBatches(exception: Error): void {
    for (const b of this.accumulator.drainAllUnsent()) this.failBatch(b, -1, -1, exception);
    for (const b of [...this.accumulator.incomplete]) this.failBatch(b, -1, -1, exception);
  }

  close(): void {
    if (this.wakeTimer !== null) this.runtime.cancel(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeAt = Infinity;
    this.wakeDue = false;
  }
}
