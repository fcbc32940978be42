// What the benchmarks share: a real-time EmbeddedCluster from the built bundle (the code a notebook runs, not the
// sources through tsx), a raw protocol client, topic creation, producers driven as fast as they take records, and
// one table printer.
//
// Every measured run gets a cluster of its own whose files are deleted when the run ends. On this VM the page
// cache turns slow once a process has written about a gigabyte of not-yet-deleted files (16 KiB appends drop from
// ~2 GB/s to ~0.3 GB/s), so a run that comes after others' leftovers would measure the machine, not the code.
// For the same reason a run starts only once the kernel has written back what earlier runs left dirty.
import * as fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { EmbeddedCluster, KafkaProducer, NetworkClient, ProducerRecord, Runtime, isEnvelope, type ResponseMessage } from "kafkalab";
import { nowMs, type BenchRow } from "./ReferenceLoop";

export const MIB = 1024 * 1024;
/** One full turn of the event loop (the clients' senders and the brokers run there in real-time mode). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Wall time spent waiting in pageCacheSettled, for the report. */
export const pageCacheWait = { ms: 0 };

/**
 * Waits (up to 10 s) until the page cache holds less than 32 MiB of dirty or in-writeback data (Linux: /proc/meminfo),
 * so that the kernel's writeback of earlier runs does not compete with the next one for the VM's two cores.
 */
export async function pageCacheSettled(limitBytes = 32 * MIB, maxWaitMs = 10_000): Promise<void> {
  const t0 = nowMs();
  for (;;) {
    let pending = 0;
    try {
      const m = fs.readFileSync("/proc/meminfo", "utf8");
      for (const key of ["Dirty", "Writeback"]) pending += Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(m)?.[1] ?? 0) * 1024;
    } catch {
      return; // not Linux: nothing to wait for
    }
    if (pending < limitBytes || nowMs() - t0 > maxWaitMs) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  pageCacheWait.ms += nowMs() - t0;
}

export class BenchCluster {
  private constructor(readonly cluster: EmbeddedCluster, readonly runtime: Runtime, readonly client: NetworkClient) {}

  /**
   * Three brokers, no network latency, 256 MiB segments (no roll inside a run). Controlled shutdown is off:
   * stopping the last broker of RF 3 topics would otherwise retry for 2 × controlled.shutdown.retry.backoff.ms,
   * as Kafka does, which is 10 s of wall time here.
   */
  static async start(): Promise<BenchCluster> {
    const runtime = new Runtime({ mode: "realtime", seed: 1, trace: { enabled: false } });
    runtime.network.setDefaults({ latencyMs: 0 });
    const cluster = await EmbeddedCluster.start({ runtime, config: { "log.segment.bytes": String(256 * MIB), "controlled.shutdown.enable": "false" } });
    const client = new NetworkClient(runtime, "bench-client", { requestTimeoutMs: 60_000 });
    runtime.network.register("bench-client", (from, msg) => {
      if (isEnvelope(msg) && msg.kind === "response") client.handleResponse(from, msg as ResponseMessage);
    });
    return new BenchCluster(cluster, runtime, client);
  }

  /** Runs `fn` on a fresh cluster and deletes the cluster's files afterwards. */
  static async run<T>(fn: (b: BenchCluster) => Promise<T>): Promise<T> {
    await pageCacheSettled();
    const b = await BenchCluster.start();
    try {
      return await fn(b);
    } finally {
      await b.close();
    }
  }

  async createTopic(name: string, partitions: number, rf: number): Promise<void> {
    const r = await this.client.request(this.cluster.broker(this.cluster.brokerIds[0]!).host, { apiKey: 19, topics: [{ name, numPartitions: partitions,
      replicationFactor: rf, assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
    if (r.topics[0]!.errorCode !== 0) throw new Error(`create ${name}: ${r.topics[0]!.errorMessage}`);
    await this.runtime.runUntil(() => this.cluster.leaderOf(name, partitions - 1) >= 0, { timeoutMs: 10_000 });
  }

  leaderHost(topic: string, partition = 0): string {
    return this.cluster.broker(this.cluster.leaderOf(topic, partition)).host;
  }

  newProducer(props: Record<string, string | number> = {}): KafkaProducer<null, Buffer> {
    return new KafkaProducer<null, Buffer>({ "bootstrap.servers": this.cluster.bootstrapServers, acks: "1", "linger.ms": 0,
      "key.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer",
      "value.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer", ...props }, this.runtime);
  }

  async close(): Promise<void> {
    await this.cluster.close();
    await this.runtime.close();
  }
}

/**
 * Sends `total` records of `value` to `topic` as fast as the producer takes them: in slices of 2000, yielding to
 * the event loop between slices (the sender runs there) and while send() would block on buffer.memory.
 */
export async function sendAll(p: KafkaProducer<null, Buffer>, topic: string, value: Buffer, total: number,
  cb?: (m: unknown, e: Error | null) => void, stopAt = Infinity, now: () => number = () => 0): Promise<number> {
  // One read of the import: a bundle's exports are getters, and a getter call per record shows in a profile.
  const Record = ProducerRecord;
  let sent = 0;
  while (sent < total && now() < stopAt) {
    const slice = Math.min(2000, total - sent);
    for (let i = 0; i < slice; i++) p.send(new Record(topic, null, value), cb);
    sent += slice;
    await tick();
    while (p.metrics()["waiting-threads"] > 0) await tick();
  }
  return sent;
}

/**
 * Sends at `recordsPerSecond` for `seconds` on a fresh cluster, recording the send->callback latency of every record;
 * `load` says what the rate is (for the printed line).
 */
export function sendAckLatency(valueSize: number, recordsPerSecond: number, seconds: number, load: string): Promise<string> {
  return BenchCluster.run(async (b) => {
    await b.createTopic("lat", 1, 1);
    const p = b.newProducer();
    await p.partitionsFor("lat");
    const value = Buffer.alloc(valueSize, 0x64);
    const lat: number[] = [];
    // Event-loop stalls (GC, a blocking writeSync, the OS descheduling the process) show up in send->ack too:
    // measured alongside to tell the code's latency from the machine's.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const t0 = nowMs();
    let sent = 0;
    const total = Math.floor(recordsPerSecond * seconds);
    while (sent < total) {
      const due = Math.min(total, Math.floor(((nowMs() - t0) / 1000) * recordsPerSecond));
      while (sent < due) {
        const at = nowMs();
        p.send(new ProducerRecord("lat", null, value), () => lat.push(nowMs() - at));
        sent++;
      }
      await tick();
    }
    await p.flush();
    loopDelay.disable();
    await p.close();
    lat.sort((x, y) => x - y);
    const q = (x: number): string => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))]!.toFixed(2);
    return `send->ack latency at ${fmt(recordsPerSecond)} rec/s of ${valueSize} B (${load}): ` +
      `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (target ≤ 10 ms), max ${q(1)} ms (${lat.length} records); ` +
      `event-loop delay meanwhile: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms, max ${(loopDelay.max / 1e6).toFixed(2)} ms`;
  });
}

export const rate = (r: BenchRow): number => r.records / r.seconds;
export const best = (a: BenchRow, b: BenchRow): BenchRow => (rate(a) >= rate(b) ? a : b);
/** The fastest of several runs of one case. */
export const bestOf = (rows: readonly BenchRow[]): BenchRow => rows.reduce(best);

/**
 * Runs of each case (`BENCH_ROUNDS`, default 3), interleaved so that a slow spell hits every case alike; the best
 * counts. This shared VM's speed varies by a third from run to run: the same work takes up to twice the user CPU
 * time, with no steal time reported.
 */
export const ROUNDS = Math.max(1, Number(process.env["BENCH_ROUNDS"] ?? 3));
export const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const percentOf = (r: BenchRow, base: BenchRow): string => `${fmt(rate(r) / rate(base) * 100, 1)}%`;

/** Prints a benchmark table: case, records, rec/s, MB/s, CPU seconds, records per CPU second and a comment. */
export function printTable(title: string, rows: readonly { row: BenchRow; comment: string }[]): void {
  console.log(`\n${title}`);
  console.log(["case".padEnd(46), "records".padStart(10), "rec/s".padStart(12), "MB/s".padStart(9), "cpu s".padStart(7), "rec/cpu-s".padStart(11), "  ratio"]
    .join(" "));
  for (const { row, comment } of rows) {
    console.log([row.name.padEnd(46), fmt(row.records).padStart(10), fmt(rate(row)).padStart(12), fmt(row.bytes / MIB / row.seconds, 1).padStart(9),
      fmt(row.cpu ?? 0, 2).padStart(7), fmt(row.cpu ? row.records / row.cpu : 0).padStart(11), `  ${comment}${row.note ? ` (${row.note})` : ""}`].join(" "));
  }
}
