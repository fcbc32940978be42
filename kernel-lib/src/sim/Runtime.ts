import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Clock } from "./Clock";
import type { Deferred } from "./Deferred";
import { Disk } from "./Disk";
import { RuntimeClosedError, SimulationDeadlockError, SimulationStalledError } from "./errors";
import { Network, type NetworkHost } from "./Network";
import { RealClock } from "./RealClock";
import { EVENT_DONE, EVENT_HELD, EVENT_RUNNING, EVENT_SCHEDULED, Scheduler, SimEvent, type TimerId } from "./Scheduler";
import { SeededRandom } from "./SeededRandom";
import { Trace, type TraceOptions } from "./Trace";
import { VirtualClock } from "./VirtualClock";

// The deterministic simulation runtime (in the manner of FoundationDB's and TigerBeetle's simulators): one
// scheduler, one clock, one seeded random source, a simulated network and real per-node disks. Every run with
// the same seed and the same calls is the same run, so any failure replays from its seed.
//
// Simulated mode is demand-driven: the scheduler runs only while some promise made by defer() (sleep, runUntil,
// advance, or an engine future) is pending. It jumps virtual time from event to event and lets promise reactions
// run between events, so `await producer.send(...)` in a notebook cell returns at once in wall time however long
// it takes in virtual time, and nothing runs in the background between cells. A deferred nobody awaits also
// drives the scheduler until it settles. Promise continuations that do not come from a Deferred are only
// guaranteed to run before the next Deferred settles (engine code should use callbacks or Deferreds).
//
// Real-time mode has the same API on the wall clock and real timers (for benchmarks and real sockets).

export interface RuntimeOptions {
  /** Seed of the one random source (default 0). */
  seed?: number | string;
  /** Default "simulated". */
  mode?: "simulated" | "realtime";
  /** Virtual time at the start, in ms since the epoch (default 1700000000000 = 2023-11-14T22:13:20Z). Realtime: ignored. */
  startTimeMs?: number;
  /** Root for the node disks; default a fresh directory under os.tmpdir(), removed by close(). */
  baseDir?: string;
  /**
   * Virtual ms that may pass with something waiting and no waiter completing before the waiters are failed
   * with SimulationStalledError (a wait that periodic timers keep alive forever). Default 30 days; 0 = never.
   * Waits with a deadline (sleep, advance, runUntil with timeoutMs) are not stalled before their deadline.
   */
  stallLimitMs?: number;
  /** Whether Disk.flush calls fsync for real (default true; the durability bookkeeping is the same). */
  fsync?: boolean;
  trace?: TraceOptions;
}

export interface PendingEvent {
  time: number;
  owner: string | null;
  label: string | undefined;
  periodic: boolean;
  /** Held because its owner is paused. */
  held: boolean;
}

/** Something pending on a Deferred (for deadlock messages and the stall guard). */
interface Waiter {
  readonly label: string;
  /** Virtual time it completes by itself at the latest (-Infinity: none known). */
  readonly deadline: number;
  fail(error: unknown): void;
}

/** A runUntil condition, checked after every event. */
interface Watcher {
  readonly cond: () => boolean;
  readonly deferred: Deferred<boolean>;
  timer: TimerId;
}

const DEFAULT_START_TIME_MS = 1_700_000_000_000;
const DEFAULT_STALL_LIMIT_MS = 30 * 24 * 60 * 60 * 1000;
/** Events run back to back before the driver lets the event loop breathe, when no Deferred settled. */
const EVENTS_PER_SLICE = 1024;
/** Due events run per real timer callback in real-time mode before yielding to I/O. */
const REALTIME_EVENTS_PER_TICK = 10_000;
/** Timer slots (pending timers at most at once); TimerIds stay below 2^53 for 2^31 timers. */
const SLOT_COUNT = 2 ** 22;

const noop = (): void => {};
/** A full turn of the event loop: every pending promise reaction runs before it completes. */
const macrotask = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

// Temporary base directories still present at process exit are removed then.
const temporaryDirs = new Set<string>();
let exitHookInstalled = false;
function removeAtExit(dir: string): void {
  temporaryDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const d of temporaryDirs) fs.rmSync(d, { recursive: true, force: true });
  });
}

function checkDelay(what: string, ms: number): number {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms === Infinity) {
    throw new Error(`Invalid value ${String(ms)} for ${what}: must be a finite number of ms`);
  }
  return ms < 0 ? 0 : ms;
}

export class Runtime implements NetworkHost {
  readonly mode: "simulated" | "realtime";
  readonly seed: number | string;
  /** The one random source; components take `random.fork(name)` for a stream of their own. */
  readonly random: SeededRandom;
  readonly trace: Trace;
  readonly network: Network;

  private readonly clock: Clock;
  private readonly virtual: VirtualClock | null;
  private readonly scheduler = new Scheduler();
  // Live timers by slot: a TimerId is serial * SLOT_COUNT + slot, so cancel() finds its event without a Map.
  private readonly slots: (SimEvent | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private nextSerial = 1;
  private current: SimEvent | null = null;
  private readonly paused = new Set<string>();
  private readonly held = new Map<string, SimEvent[]>();
  private readonly waiters = new Set<Waiter>();
  private watchers: Watcher[] = [];
  /** Set when a Deferred settles: its reactions must run before the next event. */
  private settled = false;
  private driving = false;
  private external = 0;
  private closed = false;
  private lastProgress: number;
  private readonly stallLimitMs: number;
  private readonly fsync: boolean;
  private readonly disks = new Map<string, Disk>();
  private baseDirPath: string | undefined;
  private ownsBaseDir = false;
  // real-time mode
  private realTimer: ReturnType<typeof setTimeout> | null = null;
  private realImmediate: ReturnType<typeof setImmediate> | null = null;
  private armedTime = Infinity;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: RuntimeOptions = {}) {
    const mode = opts.mode ?? "simulated";
    if (mode !== "simulated" && mode !== "realtime") {
      throw new Error(`Invalid value ${String(mode)} for mode: must be "simulated" or "realtime"`);
    }
    this.mode = mode;
    this.seed = opts.seed ?? 0;
    this.random = new SeededRandom(this.seed);
    if (mode === "simulated") {
      this.virtual = new VirtualClock(opts.startTimeMs ?? DEFAULT_START_TIME_MS);
      this.clock = this.virtual;
    } else {
      this.virtual = null;
      this.clock = new RealClock();
    }
    const stall = opts.stallLimitMs ?? DEFAULT_STALL_LIMIT_MS;
    if (!(stall >= 0)) throw new Error(`Invalid value ${stall} for stallLimitMs: must be >= 0`);
    this.stallLimitMs = stall === 0 ? Infinity : stall;
    this.fsync = opts.fsync ?? true;
    this.lastProgress = this.clock.nowPrecise();
    this.trace = new Trace(() => this.clock.nowPrecise(), opts.trace);
    this.network = new Network(this, this.random.fork("network"), this.trace);
    if (opts.baseDir !== undefined) {
      this.baseDirPath = path.resolve(opts.baseDir);
      fs.mkdirSync(this.baseDirPath, { recursive: true });
    }
  }

  /** Current time in integer ms since the epoch (virtual in simulated mode). */
  now(): number {
    return this.clock.now();
  }

  /** Current time with its sub-ms fraction (network latencies are fractional). */
  nowPrecise(): number {
    return this.clock.nowPrecise();
  }

  // ---- timers ---------------------------------------------------------------------------------------------

  /** Runs `fn` after `delayMs` (virtual ms). `owner`: the node whose crash cancels it and whose pause holds it. */
  schedule(delayMs: number, fn: () => void, owner: string | null = null, label?: string): TimerId {
    return this.addTimer(checkDelay("delayMs", delayMs), fn, owner, label, 0, false);
  }

  /** Runs `fn` every `periodMs`, first after one period. Cancel it with `cancel(id)`. */
  every(periodMs: number, fn: () => void, owner: string | null = null, label?: string): TimerId {
    if (!(typeof periodMs === "number" && periodMs > 0 && periodMs !== Infinity)) {
      throw new Error(`Invalid value ${String(periodMs)} for periodMs: must be a finite number > 0`);
    }
    return this.addTimer(periodMs, fn, owner, label, periodMs, false);
  }

  /** Cancels a timer (no-op if it already ran or was cancelled). */
  cancel(id: TimerId): void {
    const ev = this.timerFor(id);
    if (ev === undefined) return;
    this.releaseSlot(ev);
    if (ev.state === EVENT_SCHEDULED) this.scheduler.remove(ev);
    ev.state = EVENT_DONE; // a held or running event is dropped where it stands
  }

  /** Cancels every timer of a node (its process died); returns how many. Deliveries to it are dropped on arrival. */
  cancelOwned(owner: string): number {
    const removed = this.scheduler.removeWhere((ev) => ev.owner === owner && ev.cancelable);
    for (const ev of removed) this.finish(ev);
    let n = removed.length;
    const held = this.held.get(owner);
    if (held !== undefined) {
      for (const ev of held) {
        if (ev.cancelable && ev.state === EVENT_HELD) {
          this.finish(ev);
          n++;
        }
      }
    }
    const cur = this.current;
    if (cur !== null && cur.owner === owner && cur.cancelable && cur.state === EVENT_RUNNING) {
      this.finish(cur); // a periodic timer that crashed its own node does not come back
    }
    return n;
  }

  /** Holds the timers and deliveries of `owner` until resumeOwner (Network.pause uses this). */
  pauseOwner(owner: string): void {
    this.paused.add(owner);
  }

  /** Re-queues what was held for `owner`, in its original order, at the current time. */
  resumeOwner(owner: string): void {
    this.paused.delete(owner);
    const held = this.held.get(owner);
    if (held === undefined) return;
    this.held.delete(owner);
    const now = this.clock.nowPrecise();
    for (const ev of held) {
      if (ev.state !== EVENT_HELD) continue;
      ev.time = now;
      this.enqueue(ev, false);
    }
  }

  isPaused(owner: string): boolean {
    return this.paused.has(owner);
  }

  /** Network delivery hook: runs `fn` at `time`, held while `owner` is paused; not cancelled by cancelOwned. */
  deliverAt(time: number, owner: string, fn: () => void): void {
    if (this.closed) return;
    const ev = new SimEvent(0, Math.max(time, this.clock.nowPrecise()), fn, owner, "net.deliver", 0, false);
    this.enqueue(ev, false);
  }

  /** What is scheduled (and held), in run order: for debugging and notebook displays. */
  pending(): PendingEvent[] {
    const out: PendingEvent[] = this.scheduler.snapshot().map((ev) => ({
      time: ev.time, owner: ev.owner, label: ev.label, periodic: ev.period > 0, held: false,
    }));
    for (const list of this.held.values()) {
      for (const ev of list) {
        if (ev.state === EVENT_HELD) out.push({ time: ev.time, owner: ev.owner, label: ev.label, periodic: ev.period > 0, held: true });
      }
    }
    return out;
  }

  // ---- waiting ----------------------------------------------------------------------------------------------

  /**
   * A promise with its settle functions. In simulated mode the scheduler runs while it is pending; if nothing
   * is scheduled that could settle it, it is rejected with SimulationDeadlockError. `label` names it in that
   * message.
   */
  defer<T>(label = "a deferred promise"): Deferred<T> {
    return this.makeDeferred<T>(label, -Infinity);
  }

  /** Waits `ms` (virtual ms in simulated mode). */
  sleep(ms: number): Promise<void> {
    const delay = checkDelay("sleep ms", ms);
    const d = this.makeDeferred<void>(`sleep(${ms} ms)`, this.clock.nowPrecise() + delay);
    this.addTimer(delay, () => d.resolve(), null, "sleep", 0, false);
    return d.promise;
  }

  /**
   * Runs the simulation until `cond()` holds (checked now, after every event and after promise reactions):
   * true; or until `timeoutMs` of virtual time passed: false (cond is checked a last time then).
   */
  runUntil(cond: () => boolean, opts: { timeoutMs?: number; label?: string } = {}): Promise<boolean> {
    const timeoutMs = opts.timeoutMs === undefined ? undefined : checkDelay("timeoutMs", opts.timeoutMs);
    try {
      if (cond()) return Promise.resolve(true);
    } catch (e) {
      return Promise.reject(e);
    }
    const what = opts.label ?? "a condition";
    const label = timeoutMs === undefined ? `runUntil(${what})` : `runUntil(${what}, timeout ${timeoutMs} ms)`;
    const deadline = timeoutMs === undefined ? -Infinity : this.clock.nowPrecise() + timeoutMs;
    const d = this.makeDeferred<boolean>(label, deadline);
    if (this.closed) return d.promise;
    const w: Watcher = { cond, deferred: d, timer: 0 };
    this.watchers.push(w);
    if (timeoutMs !== undefined) {
      // After every other event due at the deadline, so they still count.
      w.timer = this.addTimer(timeoutMs, () => {
        this.removeWatcher(w);
        let ok: boolean;
        try {
          ok = cond();
        } catch (e) {
          d.reject(e);
          return;
        }
        d.resolve(ok);
      }, null, "runUntil timeout", 0, true);
    }
    if (this.virtual === null) this.startPolling();
    return d.promise;
  }

  /** Runs every event due within the next `ms`, then leaves the clock at now + ms. (Real-time mode: sleeps.) */
  advance(ms: number): Promise<void> {
    const delay = checkDelay("advance ms", ms);
    const d = this.makeDeferred<void>(`advance(${ms} ms)`, this.clock.nowPrecise() + delay);
    this.addTimer(delay, () => d.resolve(), null, "advance", 0, true);
    return d.promise;
  }

  /**
   * Wraps real asynchronous work (e.g. loading a WebAssembly codec) so the simulation waits for it: virtual
   * time stands still while it is pending, and its absence of events is not taken for a deadlock.
   */
  awaitExternal<T>(work: Promise<T>): Promise<T> {
    this.external++;
    const done = (): void => {
      this.external--;
      if (this.external === 0) this.kick();
    };
    return work.then((v) => {
      done();
      return v;
    }, (e: unknown) => {
      done();
      throw e;
    });
  }

  /** Labels of what is waiting now (pending Deferreds). */
  waitingFor(): string[] {
    return [...this.waiters].map((w) => w.label);
  }

  // ---- disks and lifecycle -------------------------------------------------------------------------------

  /** The root of all node disks (created on first use). */
  get baseDir(): string {
    if (this.baseDirPath === undefined) {
      this.baseDirPath = fs.mkdtempSync(path.join(os.tmpdir(), "kafkalab-"));
      this.ownsBaseDir = true;
      removeAtExit(this.baseDirPath);
    }
    return this.baseDirPath;
  }

  /** The disk of node `nodeName`: a real directory `<baseDir>/<nodeName>`, the same Disk on every call. */
  disk(nodeName: string): Disk {
    let d = this.disks.get(nodeName);
    if (d !== undefined) return d;
    if (typeof nodeName !== "string" || nodeName === "" || nodeName === "." || nodeName === ".." || /[/\\\u0000]/.test(nodeName)) {
      throw new Error(`Invalid node name ${JSON.stringify(nodeName)} for a disk: must be a plain directory name`);
    }
    if (this.closed) throw new RuntimeClosedError("Runtime is closed: no disk can be opened");
    d = new Disk(path.join(this.baseDir, nodeName), nodeName, { fsync: this.fsync, trace: this.trace });
    this.disks.set(nodeName, d);
    return d;
  }

  /** Cancels everything, fails whatever still waits, closes files, removes a temporary baseDir. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ev of this.scheduler.clear()) ev.state = EVENT_DONE;
    for (const list of this.held.values()) for (const ev of list) ev.state = EVENT_DONE;
    this.held.clear();
    this.slots.length = 0;
    this.freeSlots.length = 0;
    this.watchers = [];
    for (const w of [...this.waiters]) w.fail(new RuntimeClosedError(`Runtime closed while waiting for ${w.label}`));
    this.disarm();
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    for (const d of this.disks.values()) d.close();
    if (this.ownsBaseDir && this.baseDirPath !== undefined) {
      fs.rmSync(this.baseDirPath, { recursive: true, force: true });
      temporaryDirs.delete(this.baseDirPath);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private addTimer(delay: number, fn: () => void, owner: string | null, label: string | undefined, period: number, endOfTick: boolean): TimerId {
    if (this.closed) return 0;
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slots.length;
      if (slot >= SLOT_COUNT) throw new Error(`Too many pending timers (${SLOT_COUNT})`);
      this.slots.push(undefined);
    }
    const id = this.nextSerial++ * SLOT_COUNT + slot;
    const ev = new SimEvent(id, this.clock.nowPrecise() + delay, fn, owner, label, period, true);
    this.slots[slot] = ev;
    this.enqueue(ev, endOfTick);
    return id;
  }

  private timerFor(id: TimerId): SimEvent | undefined {
    if (typeof id !== "number" || id <= 0) return undefined;
    const ev = this.slots[id % SLOT_COUNT];
    return ev !== undefined && ev.id === id ? ev : undefined;
  }

  private releaseSlot(ev: SimEvent): void {
    const slot = ev.id % SLOT_COUNT;
    if (this.slots[slot] === ev) {
      this.slots[slot] = undefined;
      this.freeSlots.push(slot);
    }
  }

  private enqueue(ev: SimEvent, endOfTick: boolean): void {
    this.scheduler.push(ev, endOfTick);
    if (this.virtual === null && ev.time < this.armedTime) this.arm();
  }

  private finish(ev: SimEvent): void {
    ev.state = EVENT_DONE;
    if (ev.id !== 0) this.releaseSlot(ev);
  }

  private runEvent(ev: SimEvent): void {
    if (this.virtual !== null) this.virtual.advanceTo(ev.time);
    if (ev.owner !== null && this.paused.size > 0 && this.paused.has(ev.owner)) {
      ev.state = EVENT_HELD;
      let list = this.held.get(ev.owner);
      if (list === undefined) this.held.set(ev.owner, (list = []));
      list.push(ev);
      return;
    }
    ev.state = EVENT_RUNNING;
    this.current = ev;
    try {
      ev.fn();
    } catch (e) {
      this.eventFailed(ev, e);
    }
    this.current = null;
    if (ev.state !== EVENT_RUNNING) return; // cancelled while running
    if (ev.period > 0 && !this.closed) {
      ev.time = Math.max(ev.time + ev.period, this.clock.nowPrecise());
      this.enqueue(ev, false);
    } else {
      this.finish(ev);
    }
  }

  /** An event threw: a bug in the engine or a test. Everything waiting fails with the error, so a cell shows it. */
  private eventFailed(ev: SimEvent, e: unknown): void {
    this.trace.record(ev.owner, "runtime.error", { label: ev.label, message: e instanceof Error ? e.message : String(e) });
    if (this.waiters.size === 0) {
      console.error(`kafkalab runtime: event ${ev.label ?? "(unlabelled)"} of ${ev.owner ?? "(global)"} threw`, e);
      return;
    }
    this.failAll(e);
  }

  private makeDeferred<T>(label: string, deadline: number): Deferred<T> {
    let resolveFn!: (v: T) => void;
    let rejectFn!: (e: unknown) => void;
    const promise = new Promise<T>((resolve, reject) => {
      resolveFn = resolve;
      rejectFn = reject;
    });
    const waiter: Waiter = {
      label,
      deadline,
      fail: (error) => {
        promise.catch(noop); // an unobserved runtime failure must not crash the process
        d.reject(error);
      },
    };
    const settle = (): boolean => {
      if (!this.waiters.delete(waiter)) return false;
      this.settled = true;
      if (this.virtual !== null) this.lastProgress = this.virtual.nowPrecise();
      return true;
    };
    const d: Deferred<T> = {
      promise,
      resolve: (v: T) => {
        if (settle()) resolveFn(v);
      },
      reject: (e: unknown) => {
        if (settle()) rejectFn(e);
      },
    };
    this.waiters.add(waiter);
    if (this.closed) waiter.fail(new RuntimeClosedError(`Runtime is closed: cannot wait for ${label}`));
    else this.kick();
    return d;
  }

  private failAll(error: unknown): void {
    for (const w of [...this.waiters]) w.fail(error);
  }

  private describeWaiters(): string {
    const labels = this.waitingFor();
    const shown = labels.slice(0, 5).join(", ");
    return labels.length > 5 ? `${shown} and ${labels.length - 5} more` : shown;
  }

  private removeWatcher(w: Watcher): void {
    const i = this.watchers.indexOf(w);
    if (i >= 0) this.watchers.splice(i, 1);
  }

  private checkWatchers(): void {
    const list = this.watchers;
    for (let i = 0; i < list.length;) {
      const w = list[i] as Watcher;
      let ok: boolean;
      try {
        ok = w.cond();
      } catch (e) {
        list.splice(i, 1);
        this.cancel(w.timer);
        w.deferred.reject(e);
        continue;
      }
      if (ok) {
        list.splice(i, 1);
        this.cancel(w.timer);
        w.deferred.resolve(true);
      } else {
        i++;
      }
    }
  }

  // ---- simulated mode: the driver ---------------------------------------------------------------------------

  private kick(): void {
    if (this.virtual === null || this.driving || this.closed || this.external > 0 || this.waiters.size === 0) return;
    this.driving = true;
    this.drive().catch((e: unknown) => {
      console.error("kafkalab runtime: simulation driver failed", e);
    });
  }

  private async drive(): Promise<void> {
    const clock = this.virtual as VirtualClock;
    try {
      for (;;) {
        // Let every pending promise reaction run (continuations of settled Deferreds may wait again or schedule).
        await macrotask();
        if (this.closed || this.waiters.size === 0) return;
        if (this.external > 0) return; // virtual time stands still; awaitExternal kicks the driver again
        this.settled = false;
        if (this.watchers.length > 0) this.checkWatchers();
        if (this.settled) continue;
        let ran = 0;
        while (ran < EVENTS_PER_SLICE) {
          const ev = this.scheduler.pop();
          if (ev === undefined) break;
          this.runEvent(ev);
          ran++;
          if (this.watchers.length > 0) this.checkWatchers();
          if (this.settled || this.closed) break;
          if (clock.nowPrecise() - this.lastProgress > this.stallLimitMs) this.checkStall(clock.nowPrecise());
        }
        if (ran === 0) this.deadlock(); // nothing to run, even after all promise reactions ran
      }
    } finally {
      this.driving = false;
    }
  }

  private deadlock(): void {
    let heldInfo = "";
    const heldOwners = [...this.held.entries()].filter(([, l]) => l.some((ev) => ev.state === EVENT_HELD)).map(([o]) => o).sort();
    if (heldOwners.length > 0) heldInfo = ` (events are held for paused node(s) ${heldOwners.join(", ")}: resume them)`;
    const waiting = this.describeWaiters();
    this.trace.record(null, "runtime.deadlock", { waiting });
    this.failAll(new SimulationDeadlockError(`simulation deadlock: nothing scheduled while waiting for ${waiting}${heldInfo}`));
  }

  private checkStall(now: number): void {
    for (const w of this.waiters) {
      if (w.deadline >= now) {
        this.lastProgress = now; // a wait with a deadline will end by itself
        return;
      }
    }
    const waiting = this.describeWaiters();
    const idle = now - this.lastProgress;
    this.trace.record(null, "runtime.stalled", { waiting, idleMs: idle });
    this.failAll(new SimulationStalledError(
      `simulation stalled: ${idle} virtual ms passed with timers still firing but nothing completing while waiting for ${waiting}`));
  }

  // ---- real-time mode ---------------------------------------------------------------------------------------------

  private arm(): void {
    const top = this.scheduler.peek();
    if (top === undefined || this.closed) {
      this.disarm();
      return;
    }
    if ((this.realTimer !== null || this.realImmediate !== null) && top.time >= this.armedTime) return;
    this.disarm();
    this.armedTime = top.time;
    const delay = top.time - this.clock.nowPrecise();
    // setTimeout(0) waits ~1 ms: due events go through setImmediate.
    if (delay <= 0) this.realImmediate = setImmediate(this.fire);
    else this.realTimer = setTimeout(this.fire, Math.ceil(delay));
  }

  private disarm(): void {
    if (this.realTimer !== null) clearTimeout(this.realTimer);
    if (this.realImmediate !== null) clearImmediate(this.realImmediate);
    this.realTimer = null;
    this.realImmediate = null;
    this.armedTime = Infinity;
  }

  private readonly fire = (): void => {
    this.realTimer = null;
    this.realImmediate = null;
    this.armedTime = Infinity;
    if (this.closed) return;
    for (let n = 0; n < REALTIME_EVENTS_PER_TICK; n++) {
      const top = this.scheduler.peek();
      if (top === undefined || top.time > this.clock.nowPrecise()) break;
      this.scheduler.pop();
      this.runEvent(top);
      if (this.watchers.length > 0) this.checkWatchers();
    }
    this.arm();
  };

  /** Real-time runUntil: state may also change through real I/O, so conditions are polled too. */
  private startPolling(): void {
    if (this.pollTimer !== null) return;
    const tick = (): void => {
      this.pollTimer = null;
      if (this.closed) return;
      this.checkWatchers();
      if (this.watchers.length > 0) this.pollTimer = setTimeout(tick, 1);
    };
    this.pollTimer = setTimeout(tick, 1);
  }
}
