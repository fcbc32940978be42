// The request/response client every node (broker, controller channel, replica fetcher, admin client, producer)
// uses over the runtime network — the role of org.apache.kafka.clients.NetworkClient. Requests carry a
// correlation id; the node's one network handler passes responses to handleResponse(), which pairs them with the
// waiting callback. There is no connection reset in the simulation: a request to a dead or unreachable node is
// simply lost, and its callback fails when the request timeout (request.timeout.ms) expires.
import type { Runtime } from "../sim/Runtime";
import type { TimerId } from "../sim/Scheduler";
import { RetriableException } from "./ApiException";
import { TimeoutException } from "./ApiExceptions";
import { apiName } from "./ApiKeys";
import { requestMessage, responseMessage, type RequestMessage, type ResponseMessage } from "./Envelope";
import { parseHostPort } from "./HostPort";
import { nameErrorClasses } from "./KafkaException";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "./messages/index";

export { parseHostPort, parseBootstrapServers, formatHostPort, parseListeners, ConfigException, type HostPort } from "./HostPort";

/** org.apache.kafka.common.errors.DisconnectException: the connection to the node was lost (or never made). */
export class DisconnectException extends RetriableException {}
nameErrorClasses({ DisconnectException });

export interface NetworkClientOptions {
  /** `request.timeout.ms`: how long a request may wait for its response (default 30000). */
  requestTimeoutMs?: number;
  /** `client.id` put in every request header (default null). */
  clientId?: string | null;
}

export interface SendOptions {
  /** Overrides the client's request timeout for this request. */
  timeoutMs?: number;
  /** false: nothing comes back (acks=0 produce); the callback runs as soon as the request is sent. */
  expectResponse?: boolean;
  /** The request header's apiVersion (default: the newest this engine speaks, see LATEST_API_VERSION). */
  apiVersion?: number;
}

export type ResponseCallback<K extends SupportedApiKey> = (err: Error | null, response: ResponseTypes[K] | null) => void;

/** A request on the wire may name the port it was sent to (`host:port` destinations); brokers drop wrong ports. */
export type AddressedRequest = RequestMessage & { port?: number };

interface InFlight {
  destination: string;
  apiKey: number;
  cb: (err: Error | null, response: unknown) => void;
  timer: TimerId;
}

/** The request header version most engine code sends; Kafka 3.9's newest of the commonest APIs. */
export const LATEST_API_VERSION = 12;

// Correlation ids are unique per node across all its NetworkClients, so one network handler can offer every
// response to each client in turn without two clients claiming the same one.
const correlationCounters = new WeakMap<Runtime, Map<string, number>>();
function nextCorrelationId(runtime: Runtime, node: string): number {
  let m = correlationCounters.get(runtime);
  if (m === undefined) correlationCounters.set(runtime, (m = new Map()));
  const id = m.get(node) ?? 0;
  m.set(node, id === 0x7fffffff ? 0 : id + 1);
  return id;
}

/**
 * The bytes a message would take on the wire, roughly: the record batches it carries plus a small header. Used
 * only for the network's bandwidth model, so it must be cheap (no serialization).
 */
export function estimateSizeInBytes(message: RequestMessage | ResponseMessage): number {
  let size = 64;
  const body = message.body as { topicData?: { partitionData: { records: Buffer | null }[] }[]; responses?: { partitions?: { records?: Buffer | null }[] }[] };
  if (message.kind === "request" && message.header.apiKey === 0 && body.topicData !== undefined) {
    for (const t of body.topicData) for (const p of t.partitionData) size += 16 + (p.records === null ? 0 : p.records.length);
  } else if (message.kind === "response" && message.apiKey === 1 && body.responses !== undefined) {
    for (const t of body.responses) for (const p of t.partitions ?? []) size += 48 + (p.records ? p.records.length : 0);
  }
  return size;
}

/** A broker's answer to a request: sends the response message back to the requesting node. */
export function sendResponse<K extends SupportedApiKey>(runtime: Runtime, self: string, to: string, request: RequestMessage<K>, body: ResponseTypes[K]): void {
  const msg = responseMessage(request, body);
  runtime.network.send(self, to, msg, estimateSizeInBytes(msg as ResponseMessage));
}

export class NetworkClient {
  private readonly inFlight = new Map<number, InFlight>();
  private readonly requestTimeoutMs: number;
  private readonly clientId: string | null;
  private closed = false;

  constructor(private readonly runtime: Runtime, readonly selfNode: string, options: NetworkClientOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30000;
    this.clientId = options.clientId ?? null;
  }

  /** Requests sent and not yet answered. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Sends a request; `cb(err, response)` runs once: with the response, or with TimeoutException after the
   * request timeout (DisconnectException if the destination is down or cut off by then). `destination` is a
   * node name (= host) or `host:port`.
   */
  send<K extends SupportedApiKey>(destination: string, body: RequestTypes[K] & { apiKey: K }, cb: ResponseCallback<K>, opts: SendOptions = {}): void {
    const callback = cb as (err: Error | null, response: unknown) => void;
    if (this.closed) {
      this.runtime.schedule(0, () => callback(new DisconnectException(`NetworkClient of ${this.selfNode} is closed`), null), this.selfNode, "client.closed");
      return;
    }
    let node = destination;
    let port: number | undefined;
    if (destination.includes(":")) {
      const hp = parseHostPort(destination);
      if (hp !== null) {
        node = hp.host;
        port = hp.port;
      }
    }
    const correlationId = nextCorrelationId(this.runtime, this.selfNode);
    const msg: AddressedRequest = requestMessage<K>(body, { apiVersion: opts.apiVersion ?? LATEST_API_VERSION, correlationId, clientId: this.clientId });
    if (port !== undefined) msg.port = port;
    const size = estimateSizeInBytes(msg);
    if (opts.expectResponse === false) {
      this.runtime.network.send(this.selfNode, node, msg, size);
      this.runtime.schedule(0, () => callback(null, null), this.selfNode, "client.sent");
      return;
    }
    const timeoutMs = opts.timeoutMs ?? this.requestTimeoutMs;
    const timer = this.runtime.schedule(timeoutMs, () => this.expire(correlationId, timeoutMs), this.selfNode, "client.requestTimeout");
    this.inFlight.set(correlationId, { destination: node, apiKey: body.apiKey, cb: callback, timer });
    this.runtime.network.send(this.selfNode, node, msg, size);
  }

  /** Promise style, for user-facing code only: the pending promise drives the simulation (runtime.defer). */
  request<K extends SupportedApiKey>(destination: string, body: RequestTypes[K] & { apiKey: K }, opts: SendOptions = {}): Promise<ResponseTypes[K]> {
    const d = this.runtime.defer<ResponseTypes[K]>(`${apiName(body.apiKey)}Request to ${destination}`);
    this.send<K>(destination, body, (err, response) => {
      if (err !== null) d.reject(err);
      else d.resolve(response as ResponseTypes[K]);
    }, opts);
    return d.promise;
  }

  /** The node's network handler offers every response here; true if it answered a request of this client. */
  handleResponse(from: string, message: ResponseMessage): boolean {
    const id = message.header.correlationId;
    const req = this.inFlight.get(id);
    if (req === undefined || req.destination !== from) return false;
    this.inFlight.delete(id);
    this.runtime.cancel(req.timer);
    req.cb(null, message.body);
    return true;
  }

  /** Fails every request in flight to `destination` (the caller knows the connection is gone). */
  disconnect(destination: string): void {
    for (const [id, req] of [...this.inFlight]) {
      if (req.destination !== destination) continue;
      this.inFlight.delete(id);
      this.runtime.cancel(req.timer);
      req.cb(new DisconnectException(`Disconnected from node ${destination}`), null);
    }
  }

  /** Fails everything in flight and refuses new requests. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const req of pending) {
      this.runtime.cancel(req.timer);
      req.cb(new DisconnectException(`NetworkClient of ${this.selfNode} was closed with a request to ${req.destination} in flight`), null);
    }
  }

  /** Drops everything in flight without calling back (the node crashed: nobody is left to be told). */
  abandon(): void {
    for (const req of this.inFlight.values()) this.runtime.cancel(req.timer);
    this.inFlight.clear();
    this.closed = true;
  }

  private expire(correlationId: number, timeoutMs: number): void {
    const req = this.inFlight.get(correlationId);
    if (req === undefined) return;
    this.inFlight.delete(correlationId);
    const net = this.runtime.network;
    const name = apiName(req.apiKey);
    // Kafka's NetworkClient: "Disconnecting from node X due to request timeout" — the caller sees a timeout; if
    // the node is gone there never was a connection to time out on.
    const err = net.isUp(req.destination) && !net.isCut(this.selfNode, req.destination)
      ? new TimeoutException(`${name}Request to node ${req.destination} timed out after ${timeoutMs} ms`)
      : new DisconnectException(`Disconnected from node ${req.destination}: no response to ${name}Request within ${timeoutMs} ms (node down or unreachable)`);
    req.cb(err, null);
  }
}
