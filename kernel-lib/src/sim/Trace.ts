import { createHash, type Hash } from "node:crypto";
import { canonicalJson, jsonString } from "./CanonicalJson";

// An append-only record of what happened, for replay checks and debugging: two runs with the same seed give
// equal traces (FoundationDB-style simulation). digest() hashes every event ever recorded; events() keeps the
// most recent `maxEvents` in memory (older ones are folded into the running hash first).

export interface TraceEvent {
  t: number;
  node: string | null;
  kind: string;
  detail?: Record<string, unknown>;
}

export interface TraceOptions {
  /** false: record nothing (fast benchmarks). Default true. */
  enabled?: boolean;
  /** Events kept in memory for events(); default 100000. */
  maxEvents?: number;
}

export class Trace {
  /** Master switch; hot paths check `wants(category)` before building an event. */
  enabled: boolean;
  private readonly maxEvents: number;
  private readonly disabled = new Set<string>();
  private buf: TraceEvent[] = [];
  private hash: Hash | null = null; // events already folded out of buf
  private total = 0;

  constructor(private readonly clock: () => number, opts: TraceOptions = {}) {
    this.enabled = opts.enabled ?? true;
    this.maxEvents = Math.max(1, opts.maxEvents ?? 100_000);
  }

  /** Whether events of `category` (the kind up to its first ".", e.g. "net") are being recorded. */
  wants(category: string): boolean {
    return this.enabled && (this.disabled.size === 0 || !this.disabled.has(category));
  }

  /** Turns one category of events on or off (e.g. `setCategory("net", false)` for a long benchmark). */
  setCategory(category: string, on: boolean): void {
    if (on) this.disabled.delete(category);
    else this.disabled.add(category);
  }

  record(node: string | null, kind: string, detail?: Record<string, unknown>): void {
    if (!this.enabled) return;
    if (this.disabled.size > 0) {
      const dot = kind.indexOf(".");
      if (this.disabled.has(dot < 0 ? kind : kind.substring(0, dot))) return;
    }
    const ev: TraceEvent = detail === undefined ? { t: this.clock(), node, kind } : { t: this.clock(), node, kind, detail };
    this.buf.push(ev);
    this.total++;
    if (this.buf.length > this.maxEvents) this.fold(this.buf.length - (this.maxEvents >> 1));
  }

  /** The events still held in memory, oldest first (all of them unless more than maxEvents were recorded). */
  events(): readonly TraceEvent[] {
    return this.buf;
  }

  /** How many events were recorded in all. */
  get count(): number {
    return this.total;
  }

  /** SHA-256 (hex) of the canonical JSON of every event recorded, one event per line. */
  digest(): string {
    const h = this.hash ? this.hash.copy() : createHash("sha256");
    hashEvents(h, this.buf, this.buf.length);
    return h.digest("hex");
  }

  /** Forgets every event (and the digest starts over). */
  clear(): void {
    this.buf = [];
    this.hash = null;
    this.total = 0;
  }

  private fold(n: number): void {
    hashEvents((this.hash ??= createHash("sha256")), this.buf, n);
    this.buf = this.buf.slice(n);
  }
}

/** Hashes the first n events, in chunks (one native update call per ~64 KiB, not per event). */
function hashEvents(h: Hash, events: readonly TraceEvent[], n: number): void {
  let chunk = "";
  for (let i = 0; i < n; i++) {
    chunk += eventLine(events[i] as TraceEvent);
    if (chunk.length >= 65536) {
      h.update(chunk);
      chunk = "";
    }
  }
  if (chunk.length > 0) h.update(chunk);
}

function eventLine(ev: TraceEvent): string {
  // Keys in sorted order: detail, kind, node, t.
  const head = ev.detail === undefined ? "{" : `{"detail":${canonicalJson(ev.detail)},`;
  const t = Number.isFinite(ev.t) ? String(ev.t) : "null";
  return `${head}"kind":${jsonString(ev.kind)},"node":${ev.node === null ? "null" : jsonString(ev.node)},"t":${t}}\n`;
}
