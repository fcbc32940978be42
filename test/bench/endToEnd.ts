import { cpuSince, encodeAppendLoop, nowMs, type BenchRow } from "./ReferenceLoop";
// End-to-end benchmark (real-time mode): records through KafkaProducer (acks=1) → an EmbeddedCluster broker →
// KafkaConsumer, for 1 KB and 100 B records; consumer-only throughput (a consumer reading a topic filled
// beforehand); and the send->ack latency (p50/p99) at half the measured end-to-end rate. Ratios are to a tight
// encode+CRC+append loop measured in the same run (performance-facts.md: calibrate in every run).
// Issue 4 targets: consumer ≥ 1 M rec/s of 1 KB; p99 send->ack ≤ 10 ms at half load.
// Not a test: `npm run bench` (or `npx tsx test/bench/endToEnd.ts`).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { KafkaConsumer } from "../../kernel-lib/src/clients/consumer/KafkaConsumer";
import { KafkaProducer } from "../../kernel-lib/src/clients/producer/KafkaProducer";
import { ProducerRecord } from "../../kernel-lib/src/clients/producer/ProducerRecord";
import { isEnvelope, type ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";
import { NetworkClient } from "../../kernel-lib/src/protocol/NetworkClient";
import { TopicPartition } from "../../kernel-lib/src/protocol/TopicPartition";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

const MIB = 1024 * 1024;
/** Wall-clock bound per measured case: a case stops early (and says so) rather than run away. */
const CASE_LIMIT_MS = 60_000;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

type Row = BenchRow;

async function startCluster(): Promise<{ cluster: EmbeddedCluster; runtime: Runtime }> {
  const runtime = new Runtime({ mode: "realtime", seed: 1, trace: { enabled: false } });
  runtime.network.setDefaults({ latencyMs: 0 });
  const cluster = await EmbeddedCluster.start({ runtime, config: { "log.segment.bytes": String(256 * MIB) } });
  return { cluster, runtime };
}

async function createTopic(runtime: Runtime, cluster: EmbeddedCluster, name: string): Promise<void> {
  const node = `bench-admin-${name}`;
  const client = new NetworkClient(runtime, node, { requestTimeoutMs: 60_000 });
  runtime.network.register(node, (from, msg) => {
    if (isEnvelope(msg) && msg.kind === "response") client.handleResponse(from, msg as ResponseMessage);
  });
  const r = await client.request(cluster.broker(cluster.brokerIds[0]!).host, { apiKey: 19, topics: [{ name, numPartitions: 1, replicationFactor: 1,
    assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
  if (r.topics[0]!.errorCode !== 0) throw new Error(`create ${name}: ${r.topics[0]!.errorMessage}`);
  await runtime.runUntil(() => cluster.leaderOf(name, 0) >= 0, { timeoutMs: 10_000 });
  client.close();
  runtime.network.unregister(node);
}

function newProducer(cluster: EmbeddedCluster, runtime: Runtime): KafkaProducer<null, Buffer> {
  return new KafkaProducer<null, Buffer>({ "bootstrap.servers": cluster.bootstrapServers, acks: "1", "linger.ms": 0,
    "key.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer", "value.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer" }, runtime);
}

/** A consumer assigned partition 0 of `topic` from the beginning (no group: nothing but fetching is measured). */
function newConsumer(cluster: EmbeddedCluster, runtime: Runtime, topic: string, maxPollRecords: number): KafkaConsumer<Buffer, Buffer> {
  const c = new KafkaConsumer<Buffer, Buffer>({ "bootstrap.servers": cluster.bootstrapServers, "auto.offset.reset": "earliest",
    "max.poll.records": String(maxPollRecords),
    "key.deserializer": "org.apache.kafka.common.serialization.ByteArrayDeserializer", "value.deserializer": "org.apache.kafka.common.serialization.ByteArrayDeserializer" }, runtime);
  c.assign([new TopicPartition(topic, 0)]);
  return c;
}

/** Producer → broker → consumer at once: the clock runs from the first send to the last record polled. */
async function endToEnd(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, total: number): Promise<Row> {
  const p = newProducer(cluster, runtime);
  await p.partitionsFor(topic);
  const c = newConsumer(cluster, runtime, topic, 500);
  const value = Buffer.alloc(valueSize, 0x62);
  let consumed = 0;
  let bytes = 0;
  let errors = 0;
  const cb = (_m: unknown, e: Error | null): void => {
    if (e !== null) errors++;
  };
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  let stop = false;
  const consuming = (async () => {
    while (consumed < total && !stop) {
      for (const r of await c.poll(100)) {
        consumed++;
        bytes += r.serializedValueSize;
      }
    }
  })();
  for (let sent = 0; sent < total && nowMs() - t0 < CASE_LIMIT_MS;) {
    const slice = Math.min(2000, total - sent);
    for (let i = 0; i < slice; i++) p.send(new ProducerRecord(topic, null, value), cb);
    sent += slice;
    await tick();
    while (p.metrics()["waiting-threads"] > 0) await tick();
  }
  await p.flush();
  const limit = setTimeout(() => void (stop = true), Math.max(1000, CASE_LIMIT_MS - (nowMs() - t0)));
  await consuming;
  clearTimeout(limit);
  const seconds = (nowMs() - t0) / 1000;
  const cpu = cpuSince(c0);
  await p.close();
  await c.close();
  const notes = [...(errors > 0 ? [`${errors} send errors`] : []), ...(consumed < total ? [`stopped at ${consumed} of ${total}`] : [])];
  return { name: `end to end, ${valueSize} B`, records: consumed, seconds, bytes, cpu, ...(notes.length > 0 ? { note: notes.join(", ") } : {}) };
}

/** Fills `topic` with `total` records (not timed). */
async function fill(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, total: number): Promise<void> {
  const p = newProducer(cluster, runtime);
  await p.partitionsFor(topic);
  const value = Buffer.alloc(valueSize, 0x63);
  for (let sent = 0; sent < total;) {
    const slice = Math.min(2000, total - sent);
    for (let i = 0; i < slice; i++) p.send(new ProducerRecord(topic, null, value));
    sent += slice;
    await tick();
    while (p.metrics()["waiting-threads"] > 0) await tick();
  }
  await p.flush();
  await p.close();
}

/** A consumer reading a filled topic from offset 0 to its end (poll loop, values touched as an application would). */
async function consumeOnly(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, total: number, maxPollRecords: number): Promise<Row> {
  const c = newConsumer(cluster, runtime, topic, maxPollRecords);
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  let consumed = 0;
  let bytes = 0;
  while (consumed < total && nowMs() - t0 < CASE_LIMIT_MS) {
    for (const r of await c.poll(100)) {
      consumed++;
      bytes += (r.value as Buffer).length;
    }
  }
  const seconds = (nowMs() - t0) / 1000;
  const cpu = cpuSince(c0);
  await c.close();
  return { name: `consumer only, ${valueSize} B, max.poll.records ${maxPollRecords}`, records: consumed, seconds, bytes, cpu,
    ...(consumed < total ? { note: `stopped at ${consumed} of ${total}` } : {}) };
}

/** Sends at `rate` records/s for `seconds`, recording send->callback latency of every record. */
async function latency(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, rate: number, seconds: number): Promise<string> {
  const p = newProducer(cluster, runtime);
  await p.partitionsFor(topic);
  const value = Buffer.alloc(valueSize, 0x64);
  const lat: number[] = [];
  // Event-loop stalls (GC, a blocking writeSync, the OS descheduling the process) show up in send->ack too:
  // measured alongside to tell the code's latency from the machine's.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const t0 = nowMs();
  let sent = 0;
  const total = Math.floor(rate * seconds);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((nowMs() - t0) / 1000) * rate));
    while (sent < due) {
      const at = nowMs();
      p.send(new ProducerRecord(topic, null, value), () => lat.push(nowMs() - at));
      sent++;
    }
    await tick();
  }
  await p.flush();
  loopDelay.disable();
  await p.close();
  lat.sort((a, b) => a - b);
  const q = (x: number): string => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))]!.toFixed(2);
  return `send->ack latency at ${Math.round(rate).toLocaleString("en-US")} rec/s of ${valueSize} B (half the end-to-end rate): ` +
    `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (target ≤ 10 ms), max ${q(1)} ms (${lat.length} records); ` +
    `event-loop delay meanwhile: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms, max ${(loopDelay.max / 1e6).toFixed(2)} ms`;
}

export async function runEndToEndBench(): Promise<void> {
  const best = (a: Row, b: Row): Row => (a.records / a.seconds >= b.records / b.seconds ? a : b);
  const loop1k = best(encodeAppendLoop(1000, 200_000), encodeAppendLoop(1000, 200_000));
  const loop100 = best(encodeAppendLoop(100, 1_000_000), encodeAppendLoop(100, 1_000_000));
  const { cluster, runtime } = await startCluster();
  for (const t of ["e1k", "e1k-b", "e100", "e100-b", "c1k", "c100", "lat1k"]) await createTopic(runtime, cluster, t);
  const e1k = best(await endToEnd(cluster, runtime, "e1k", 1000, 200_000), await endToEnd(cluster, runtime, "e1k-b", 1000, 200_000));
  const e100 = best(await endToEnd(cluster, runtime, "e100", 100, 500_000), await endToEnd(cluster, runtime, "e100-b", 100, 500_000));
  await fill(cluster, runtime, "c1k", 1000, 300_000);
  await fill(cluster, runtime, "c100", 100, 1_000_000);
  const c1k = best(await consumeOnly(cluster, runtime, "c1k", 1000, 300_000, 500), await consumeOnly(cluster, runtime, "c1k", 1000, 300_000, 500));
  const c1kBig = await consumeOnly(cluster, runtime, "c1k", 1000, 300_000, 10_000);
  const c100 = best(await consumeOnly(cluster, runtime, "c100", 100, 1_000_000, 500), await consumeOnly(cluster, runtime, "c100", 100, 1_000_000, 500));
  const lat = await latency(cluster, runtime, "lat1k", 1000, (e1k.records / e1k.seconds) / 2, 2);
  await cluster.close();
  await runtime.close();

  const fmt = (n: number, d = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log("\nEnd-to-end benchmark (real-time mode, 1 partition RF 1, producer acks=1 linger.ms 0, consumer assign() from earliest, MB = MiB)");
  console.log(["case".padEnd(48), "records".padStart(10), "rec/s".padStart(12), "MB/s".padStart(9), "cpu s".padStart(7), "rec/cpu-s".padStart(12), "  vs loop"].join(" "));
  const ratio = (r: Row, base: Row): string => `${fmt((r.records / r.seconds) / (base.records / base.seconds) * 100, 1)}%`;
  for (const r of [loop1k, e1k, c1k, c1kBig, loop100, e100, c100]) {
    const base = r.name.includes("1000 B") ? loop1k : loop100;
    console.log([r.name.padEnd(48), fmt(r.records).padStart(10), fmt(r.records / r.seconds).padStart(12), fmt(r.bytes / MIB / r.seconds, 1).padStart(9),
      fmt(r.cpu ?? 0, 2).padStart(7), fmt(r.cpu ? r.records / r.cpu : 0).padStart(12), `  ${r === base ? "" : ratio(r, base)}${r.note ? ` (${r.note})` : ""}`].join(" "));
  }
  console.log(`consumer only, 1 KB: ${fmt(Math.max(c1k.records / c1k.seconds, c1kBig.records / c1kBig.seconds))} rec/s (issue 4 target ≥ 1,000,000); ` +
    `vs loop = rec/s ratio; wall rates suffer on a loaded machine, rec/cpu-s less so`);
  console.log(lat);
}

if (process.argv[1] !== undefined && /endToEnd\.ts$/.test(process.argv[1])) {
  runEndToEndBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
