// kafka.controller.ControllerChannelManager: the controller's connections to the brokers. One queue per broker,
// drained in order with one request in flight (Kafka's RequestSendThread); a failed send (timeout, no such node)
// is retried after a short backoff for as long as the broker is registered. When a broker goes away its queue
// is dropped, so requests to a dead broker are never delivered later.
import type { NetworkClient } from "../protocol/NetworkClient";
import type { RequestTypes, ResponseTypes } from "../protocol/messages/index";
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";
import type { BrokerInfo, EndPoint } from "./zk/ZkData";

/** The requests a controller sends (api keys 4 LeaderAndIsr, 5 StopReplica, 6 UpdateMetadata). */
export type ControlRequestKey = 4 | 5 | 6;

export type ControlRequestBody = { [K in ControlRequestKey]: RequestTypes[K] & { apiKey: K } }[ControlRequestKey];

export type ControlResponseCallback = (err: Error | null, response: ResponseTypes[ControlRequestKey] | null) => void;

export interface ControllerChannelManagerOptions {
  runtime: Runtime;
  /** The NetworkClient of the controller's broker node (its network handler passes responses to it). */
  networkClient: NetworkClient;
  /** `controller.socket.timeout.ms` (default 30000). */
  requestTimeoutMs?: number;
  /** Backoff before a failed request is sent again (Kafka's RequestSendThread sleeps 100 ms). */
  retryBackoffMs?: number;
  /** The listener brokers use between themselves (`inter.broker.listener.name`, default "PLAINTEXT"). */
  interBrokerListenerName?: string;
}

interface QueueItem {
  body: ControlRequestBody;
  cb: ControlResponseCallback | undefined;
}

class BrokerQueue {
  readonly items: QueueItem[] = [];
  inFlight = false;
  retryTimer: TimerId | null = null;
  constructor(readonly info: BrokerInfo, readonly generation: number) {}
}

/** The endpoint of `listenerName`, else the first: what the controller (and other brokers) connect to. */
export function brokerEndpoint(info: BrokerInfo, listenerName = "PLAINTEXT"): EndPoint | undefined {
  return info.endpoints.find((e) => e.listenerName === listenerName) ?? info.endpoints[0];
}

export class ControllerChannelManager {
  private readonly runtime: Runtime;
  private readonly client: NetworkClient;
  private readonly requestTimeoutMs: number;
  private readonly retryBackoffMs: number;
  readonly interBrokerListenerName: string;
  private readonly brokers = new Map<number, BrokerQueue>();
  private generations = 0;
  /** Requests sent, by api key, for display and tests. */
  private sentCount = 0;

  constructor(opts: ControllerChannelManagerOptions) {
    this.runtime = opts.runtime;
    this.client = opts.networkClient;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30000;
    this.retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.interBrokerListenerName = opts.interBrokerListenerName ?? "PLAINTEXT";
  }

  get node(): string {
    return this.client.selfNode;
  }

  /** Requests handed to the network so far. */
  get requestsSent(): number {
    return this.sentCount;
  }

  startup(brokers: readonly BrokerInfo[]): void {
    for (const b of brokers) this.addBroker(b);
  }

  shutdown(): void {
    for (const id of [...this.brokers.keys()]) this.removeBroker(id);
  }

  addBroker(info: BrokerInfo): void {
    if (this.brokers.has(info.id)) return;
    this.brokers.set(info.id, new BrokerQueue(info, ++this.generations));
  }

  /** Drops the broker's queue: what was not sent is never sent; a response still on its way is ignored. */
  removeBroker(id: number): void {
    const q = this.brokers.get(id);
    if (q === undefined) return;
    if (q.retryTimer !== null) this.runtime.cancel(q.retryTimer);
    this.brokers.delete(id);
  }

  isBrokerKnown(id: number): boolean {
    return this.brokers.has(id);
  }

  /** Requests waiting or in flight for a broker. */
  queueSize(id: number): number {
    const q = this.brokers.get(id);
    return q === undefined ? 0 : q.items.length;
  }

  /** ControllerChannelManager.sendRequest: queued for the broker; dropped (no callback) if it is not known. */
  sendRequest(brokerId: number, body: ControlRequestBody, cb?: ControlResponseCallback): void {
    const q = this.brokers.get(brokerId);
    if (q === undefined) return;
    q.items.push({ body, cb });
    this.pump(q);
  }

  private destination(q: BrokerQueue): string {
    const ep = brokerEndpoint(q.info, this.interBrokerListenerName);
    return ep === undefined || ep.host === null ? `broker-${q.info.id}` : `${ep.host}:${ep.port}`;
  }

  private pump(q: BrokerQueue): void {
    if (q.inFlight || q.retryTimer !== null || q.items.length === 0) return;
    const item = q.items[0] as QueueItem;
    q.inFlight = true;
    this.sentCount++;
    const done = (err: Error | null, response: unknown): void => {
      if (this.brokers.get(q.info.id) !== q) return; // the broker went away meanwhile
      q.inFlight = false;
      if (err !== null) {
        // RequestSendThread: back off and send the same request again while the broker is registered.
        q.retryTimer = this.runtime.schedule(this.retryBackoffMs, () => {
          q.retryTimer = null;
          this.pump(q);
        }, this.node, "controller.channel.retry");
        return;
      }
      q.items.shift();
      item.cb?.(null, response as ResponseTypes[ControlRequestKey]);
      this.pump(q);
    };
    this.client.send(this.destination(q), item.body as RequestTypes[ControlRequestKey] & { apiKey: ControlRequestKey }, done, { timeoutMs: this.requestTimeoutMs });
  }
}
