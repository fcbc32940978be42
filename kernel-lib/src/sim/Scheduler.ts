// The runtime's single event queue: a binary min-heap ordered by (time, sequence number). The sequence number
// is the insertion order, so events due at the same instant run in the order they were scheduled: the same
// seed always gives the same interleaving.

/** A handle to cancel a timer (`runtime.cancel(id)`). Never 0 for a real timer. */
export type TimerId = number;

export const EVENT_SCHEDULED = 0;
export const EVENT_HELD = 1; // popped while its owner node was paused; re-queued on resume
export const EVENT_RUNNING = 2;
export const EVENT_DONE = 3;

/** Sequence numbers at or above this run after every ordinary event due at the same time (advance, timeouts). */
const END_OF_TICK = 2 ** 52;

export class SimEvent {
  seq = 0;
  state = EVENT_SCHEDULED;

  constructor(
    readonly id: TimerId,
    public time: number,
    public fn: () => void,
    /** The node whose crash cancels this event and whose pause holds it; null = global. */
    readonly owner: string | null,
    readonly label: string | undefined,
    /** > 0 for a periodic timer. */
    readonly period: number,
    /** false for network deliveries: a crash drops them at delivery time (traced), not by cancelling them. */
    readonly cancelable: boolean,
  ) {}
}

export class Scheduler {
  // The heap keeps its keys in typed arrays (unboxed doubles, next to each other in memory) beside the events:
  // comparing keys never touches the event objects. Cancelled events are left in place and skipped when they
  // reach the top (compacted away once they outnumber the live ones).
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private items: SimEvent[] = [];
  private dead = 0;
  private nextSeq = 0;
  private nextLateSeq = END_OF_TICK;

  /** Queued events (cancelled ones not counted). */
  get size(): number {
    return this.items.length - this.dead;
  }

  /** Queues `ev`; `endOfTick` makes it run after all other events due at the same time. */
  push(ev: SimEvent, endOfTick = false): void {
    ev.seq = endOfTick ? this.nextLateSeq++ : this.nextSeq++;
    ev.state = EVENT_SCHEDULED;
    const n = this.items.length;
    if (n === this.times.length) this.grow();
    this.items.push(ev);
    this.siftUp(n, ev.time, ev.seq, ev);
  }

  /** The next live event, left in place. */
  peek(): SimEvent | undefined {
    this.dropDeadTop();
    return this.items[0];
  }

  pop(): SimEvent | undefined {
    this.dropDeadTop();
    return this.items.length === 0 ? undefined : this.take();
  }

  /** Dequeues a queued event (it stays in the heap, dead, until it reaches the top); false if not queued. */
  remove(ev: SimEvent): boolean {
    if (ev.state !== EVENT_SCHEDULED) return false;
    ev.state = EVENT_DONE;
    this.dead++;
    if (this.dead > 1024 && this.dead > this.items.length >> 1) this.rebuild((e) => e.state === EVENT_SCHEDULED);
    return true;
  }

  /** Removes every queued event matching `pred` (O(n), for crashes); returns them in run order. */
  removeWhere(pred: (ev: SimEvent) => boolean): SimEvent[] {
    const removed: SimEvent[] = [];
    this.rebuild((ev) => {
      if (ev.state !== EVENT_SCHEDULED) return false;
      if (!pred(ev)) return true;
      removed.push(ev);
      return false;
    });
    for (const ev of removed) ev.state = EVENT_DONE;
    return removed.sort(order);
  }

  /** The queued events in the order they will run (a copy, for inspection). */
  snapshot(): SimEvent[] {
    return this.items.filter((ev) => ev.state === EVENT_SCHEDULED).sort(order);
  }

  /** Empties the queue; returns the live events it held. */
  clear(): SimEvent[] {
    const live = this.items.filter((ev) => ev.state === EVENT_SCHEDULED);
    this.items = [];
    this.dead = 0;
    return live;
  }

  private dropDeadTop(): void {
    while (this.items.length > 0 && (this.items[0] as SimEvent).state !== EVENT_SCHEDULED) {
      this.take();
      this.dead--;
    }
  }

  /** Removes and returns the top entry. */
  private take(): SimEvent {
    const items = this.items;
    const top = items[0] as SimEvent;
    const last = items.pop() as SimEvent;
    const n = items.length;
    if (n > 0) {
      const t = this.times[n] as number;
      const s = this.seqs[n] as number;
      this.siftDown(0, t, s, last, n);
    }
    return top;
  }

  /** Keeps the events for which `keep` holds and re-heapifies (O(n)). */
  private rebuild(keep: (ev: SimEvent) => boolean): void {
    const kept = this.items.filter(keep);
    this.items = kept;
    this.dead = 0;
    const n = kept.length;
    for (let i = 0; i < n; i++) {
      const ev = kept[i] as SimEvent;
      this.times[i] = ev.time;
      this.seqs[i] = ev.seq;
    }
    for (let i = (n >> 1) - 1; i >= 0; i--) {
      this.siftDown(i, this.times[i] as number, this.seqs[i] as number, kept[i] as SimEvent, n);
    }
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }

  /** Places (t, s, ev) at or above slot i. */
  private siftUp(i: number, t: number, s: number, ev: SimEvent): void {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < t || (pt === t && (seqs[p] as number) < s)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      items[i] = items[p] as SimEvent;
      i = p;
    }
    times[i] = t;
    seqs[i] = s;
    items[i] = ev;
  }

  /** Places (t, s, ev) at or below slot i, in a heap of n entries. */
  private siftDown(i: number, t: number, s: number, ev: SimEvent, n: number): void {
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = times[c] as number;
      let cs = seqs[c] as number;
      const r = c + 1;
      if (r < n) {
        const rt = times[r] as number;
        if (rt < ct || (rt === ct && (seqs[r] as number) < cs)) {
          c = r;
          ct = rt;
          cs = seqs[r] as number;
        }
      }
      if (t < ct || (t === ct && s < cs)) break;
      times[i] = ct;
      seqs[i] = cs;
      items[i] = items[c] as SimEvent;
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    items[i] = ev;
  }
}

function order(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || a.seq - b.seq;
}
