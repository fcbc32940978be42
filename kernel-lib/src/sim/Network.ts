import type { SeededRandom } from "./SeededRandom";
import type { Trace } from "./Trace";

// The simulated network between named nodes (brokers, controllers, clients). A message is delivered later as a
// scheduler event: after the link's serialization delay (size / bandwidth, messages on a directed link queue
// behind each other) plus its one-way latency. Links can lose messages, be cut, and nodes can be isolated or
// paused. Delivery is FIFO per directed link, like a TCP connection.

export interface LinkOptions {
  /** One-way latency in ms (fractional allowed). Default 0.5, so a request/response round trip takes 1 ms. */
  latencyMs?: number;
  /** Bytes per ms (1 MB/s = 1000). Default Infinity: no serialization delay. */
  bandwidthBytesPerMs?: number;
  /** Probability in [0, 1] that a message is lost. Default 0. */
  lossRate?: number;
}

export type MessageHandler = (from: string, message: unknown) => void;

/** What the network needs from the runtime (Runtime implements it). */
export interface NetworkHost {
  nowPrecise(): number;
  /** Runs `fn` at time `time`, owned by node `owner` (held while it is paused). */
  deliverAt(time: number, owner: string, fn: () => void): void;
  pauseOwner(owner: string): void;
  resumeOwner(owner: string): void;
  isPaused(owner: string): boolean;
}

const DEFAULT_LATENCY_MS = 0.5;

interface Endpoint {
  handler: MessageHandler;
  /** Incarnation: a message sent to an earlier incarnation of a node is dropped (its connection died). */
  epoch: number;
}

/** Settings and queue state of one direction of a link. */
class DirectedLink {
  latencyMs: number | undefined;
  bandwidthBytesPerMs: number | undefined;
  lossRate: number | undefined;
  /** Time the last queued message finishes serializing onto the link. */
  busyUntil = -Infinity;
  /** Arrival time of the last message, to keep delivery FIFO when the latency is lowered. */
  lastArrival = -Infinity;
}

function validate(opts: LinkOptions): void {
  const { latencyMs, bandwidthBytesPerMs, lossRate } = opts;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new Error(`Invalid value ${latencyMs} for latencyMs: must be a finite number >= 0`);
  }
  if (bandwidthBytesPerMs !== undefined && !(bandwidthBytesPerMs > 0)) {
    throw new Error(`Invalid value ${bandwidthBytesPerMs} for bandwidthBytesPerMs: must be > 0 (Infinity for unlimited)`);
  }
  if (lossRate !== undefined && !(lossRate >= 0 && lossRate <= 1)) {
    throw new Error(`Invalid value ${lossRate} for lossRate: must be in [0, 1]`);
  }
}

function messageType(message: unknown): unknown {
  if (typeof message !== "object" || message === null) return undefined;
  const m = message as { type?: unknown; apiKey?: unknown };
  const t = m.type ?? m.apiKey;
  return typeof t === "string" || typeof t === "number" ? t : undefined;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export class Network {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly links = new Map<string, DirectedLink>();
  private readonly isolated = new Set<string>();
  private readonly cuts = new Set<string>();
  private readonly defaults = { latencyMs: DEFAULT_LATENCY_MS, bandwidthBytesPerMs: Infinity, lossRate: 0 };
  private epochs = 0;
  private messageIds = 0;

  constructor(
    private readonly host: NetworkHost,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
  ) {}

  /** Node up: `handler` receives every message delivered to it. Registering again starts a new incarnation. */
  register(node: string, handler: MessageHandler): void {
    this.endpoints.set(node, { handler, epoch: ++this.epochs });
    this.trace.record(node, "node.up");
  }

  /** Node down (crash or shutdown): messages in flight to it are dropped when they arrive. */
  unregister(node: string): void {
    if (this.endpoints.delete(node)) this.trace.record(node, "node.down");
  }

  isUp(node: string): boolean {
    return this.endpoints.has(node);
  }

  /** Registered nodes, sorted. */
  nodes(): string[] {
    return [...this.endpoints.keys()].sort();
  }

  /**
   * Sends `message` from `from` to `to`; delivered later as an event (never synchronously). `sizeBytes` counts
   * against the link's bandwidth; default: the byte length of a Buffer/Uint8Array message, else 0.
   */
  send(from: string, to: string, message: unknown, sizeBytes?: number): void {
    const size = sizeBytes ?? (message instanceof Uint8Array ? message.byteLength : 0);
    const tracing = this.trace.wants("net");
    const id = ++this.messageIds;
    if (tracing) this.trace.record(from, "net.send", this.detail(from, to, message, id, size));
    const dst = this.endpoints.get(to);
    if (dst === undefined) {
      if (tracing) this.drop(from, from, to, message, id, "node not registered");
      return;
    }
    if (this.isCut(from, to)) {
      if (tracing) this.drop(from, from, to, message, id, "partition");
      return;
    }
    const link = this.link(from, to);
    const latency = link.latencyMs ?? this.defaults.latencyMs;
    const bandwidth = link.bandwidthBytesPerMs ?? this.defaults.bandwidthBytesPerMs;
    const loss = link.lossRate ?? this.defaults.lossRate;
    const now = this.host.nowPrecise();
    let sent = now;
    if (bandwidth !== Infinity && size > 0) {
      // The link is busy until its last queued message is sent: messages serialize one after another.
      sent = Math.max(now, link.busyUntil) + size / bandwidth;
      link.busyUntil = sent;
    }
    if (loss > 0 && this.random.nextDouble() < loss) {
      if (tracing) this.drop(from, from, to, message, id, "loss");
      return;
    }
    let arrival = sent + latency;
    if (arrival < link.lastArrival) arrival = link.lastArrival;
    link.lastArrival = arrival;
    const epoch = dst.epoch;
    this.host.deliverAt(arrival, to, () => this.deliver(from, to, message, epoch, id, size));
  }

  /** Settings for both directions between `a` and `b` (fields left out keep their value). */
  setLink(a: string, b: string, opts: LinkOptions): void {
    validate(opts);
    this.applyTo(this.link(a, b), opts);
    this.applyTo(this.link(b, a), opts);
  }

  /** Settings for the direction `from` → `to` only (an asymmetric link). */
  setDirectedLink(from: string, to: string, opts: LinkOptions): void {
    validate(opts);
    this.applyTo(this.link(from, to), opts);
  }

  /** Defaults for every link without its own setting. */
  setDefaults(opts: LinkOptions): void {
    validate(opts);
    if (opts.latencyMs !== undefined) this.defaults.latencyMs = opts.latencyMs;
    if (opts.bandwidthBytesPerMs !== undefined) this.defaults.bandwidthBytesPerMs = opts.bandwidthBytesPerMs;
    if (opts.lossRate !== undefined) this.defaults.lossRate = opts.lossRate;
  }

  /** The settings in force for `from` → `to`. */
  linkOptions(from: string, to: string): Required<LinkOptions> {
    const l = this.links.get(`${from}\u0000${to}`);
    return {
      latencyMs: l?.latencyMs ?? this.defaults.latencyMs,
      bandwidthBytesPerMs: l?.bandwidthBytesPerMs ?? this.defaults.bandwidthBytesPerMs,
      lossRate: l?.lossRate ?? this.defaults.lossRate,
    };
  }

  /** Cuts every link of `node`, both ways (a network partition around one node). */
  isolate(node: string): void {
    this.isolated.add(node);
    this.trace.record(node, "net.isolate");
  }

  /** Cuts the link between `a` and `b`, both ways. */
  cut(a: string, b: string): void {
    this.cuts.add(pairKey(a, b));
    this.trace.record(null, "net.cut", { a, b });
  }

  /**
   * heal(): every partition; heal(node): the node's isolation and every cut link of it; heal(a, b): the cut
   * between a and b (an isolation of a or b stays).
   */
  heal(a?: string, b?: string): void {
    if (a === undefined) {
      this.isolated.clear();
      this.cuts.clear();
    } else if (b === undefined) {
      this.isolated.delete(a);
      for (const key of [...this.cuts]) {
        const [x, y] = key.split("\u0000");
        if (x === a || y === a) this.cuts.delete(key);
      }
    } else {
      this.cuts.delete(pairKey(a, b));
    }
    this.trace.record(null, "net.heal", a === undefined ? undefined : b === undefined ? { node: a } : { a, b });
  }

  /** Whether messages between `a` and `b` are currently cut off. */
  isCut(a: string, b: string): boolean {
    if (this.isolated.size > 0 && (this.isolated.has(a) || this.isolated.has(b))) return true;
    return this.cuts.size > 0 && this.cuts.has(pairKey(a, b));
  }

  /** Freezes a node (a long GC pause, SIGSTOP): its deliveries and timers are held until resume(). */
  pause(node: string): void {
    if (this.host.isPaused(node)) return;
    this.host.pauseOwner(node);
    this.trace.record(node, "node.pause");
  }

  /** Ends a pause: held deliveries and timers run, in their original order, from now on. */
  resume(node: string): void {
    if (!this.host.isPaused(node)) return;
    this.host.resumeOwner(node);
    this.trace.record(node, "node.resume");
  }

  isPaused(node: string): boolean {
    return this.host.isPaused(node);
  }

  private deliver(from: string, to: string, message: unknown, epoch: number, id: number, size: number): void {
    const dst = this.endpoints.get(to);
    const tracing = this.trace.wants("net");
    if (dst === undefined || dst.epoch !== epoch) {
      if (tracing) this.drop(to, from, to, message, id, "node down");
      return;
    }
    if (this.isCut(from, to)) {
      if (tracing) this.drop(to, from, to, message, id, "partition");
      return;
    }
    if (tracing) this.trace.record(to, "net.deliver", this.detail(from, to, message, id, size));
    dst.handler(from, message);
  }

  private drop(at: string, from: string, to: string, message: unknown, id: number, reason: string): void {
    const d = this.detail(from, to, message, id, 0);
    d.reason = reason;
    this.trace.record(at, "net.drop", d);
  }

  private detail(from: string, to: string, message: unknown, id: number, size: number): Record<string, unknown> {
    const d: Record<string, unknown> = { from, to, id };
    const type = messageType(message);
    if (type !== undefined) d.type = type;
    if (size > 0) d.bytes = size;
    return d;
  }

  private link(from: string, to: string): DirectedLink {
    const key = `${from}\u0000${to}`;
    let l = this.links.get(key);
    if (l === undefined) {
      l = new DirectedLink();
      this.links.set(key, l);
    }
    return l;
  }

  private applyTo(l: DirectedLink, opts: LinkOptions): void {
    if (opts.latencyMs !== undefined) l.latencyMs = opts.latencyMs;
    if (opts.bandwidthBytesPerMs !== undefined) l.bandwidthBytesPerMs = opts.bandwidthBytesPerMs;
    if (opts.lossRate !== undefined) l.lossRate = opts.lossRate;
  }
}
