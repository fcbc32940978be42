import { encodeAppendLoop, nowMs, type BenchRow } from "./ReferenceLoop";
// Producer benchmark (real-time mode): records through KafkaProducer (acks=1, batch.size 16384, linger.ms 0) into
// an EmbeddedCluster, next to a tight encode+CRC+append loop measured in the same run (performance-facts.md:
// calibrate in every run), and the send->ack latency (p50/p99) at half the measured throughput.
// Not a test: `npm run bench` (or `npx tsx test/bench/producer.ts`).
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { KafkaProducer } from "../../kernel-lib/src/clients/producer/KafkaProducer";
import { ProducerRecord } from "../../kernel-lib/src/clients/producer/ProducerRecord";
import { isEnvelope, type ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";
import { NetworkClient } from "../../kernel-lib/src/protocol/NetworkClient";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

const MIB = 1024 * 1024;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

type Row = BenchRow;

async function startCluster(): Promise<{ cluster: EmbeddedCluster; runtime: Runtime }> {
  const runtime = new Runtime({ mode: "realtime", seed: 1, trace: { enabled: false } });
  runtime.network.setDefaults({ latencyMs: 0 });
  const cluster = await EmbeddedCluster.start({ runtime, config: { "log.segment.bytes": String(256 * MIB) } });
  return { cluster, runtime };
}

async function createTopic(runtime: Runtime, cluster: EmbeddedCluster, name: string, partitions: number, rf: number): Promise<void> {
  const client = new NetworkClient(runtime, `bench-admin-${name}`, { requestTimeoutMs: 60_000 });
  runtime.network.register(`bench-admin-${name}`, (from, msg) => {
    if (isEnvelope(msg) && msg.kind === "response") client.handleResponse(from, msg as ResponseMessage);
  });
  const r = await client.request(cluster.broker(cluster.brokerIds[0]!).host, { apiKey: 19, topics: [{ name, numPartitions: partitions, replicationFactor: rf,
    assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
  if (r.topics[0]!.errorCode !== 0) throw new Error(`create ${name}: ${r.topics[0]!.errorMessage}`);
  await runtime.runUntil(() => cluster.leaderOf(name, partitions - 1) >= 0, { timeoutMs: 10_000 });
  client.close();
  runtime.network.unregister(`bench-admin-${name}`);
}

function newProducer(cluster: EmbeddedCluster, runtime: Runtime): KafkaProducer<null, Buffer> {
  return new KafkaProducer<null, Buffer>({ "bootstrap.servers": cluster.bootstrapServers, acks: "1", "linger.ms": 0,
    "key.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer", "value.serializer": "org.apache.kafka.common.serialization.ByteArraySerializer" }, runtime);
}

/** As fast as the producer takes them: sends in slices, yielding to the event loop (the sender runs there). */
async function throughput(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, total: number): Promise<Row> {
  const p = newProducer(cluster, runtime);
  await p.partitionsFor(topic);
  const value = Buffer.alloc(valueSize, 0x62);
  let acked = 0;
  let errors = 0;
  const cb = (_m: unknown, e: Error | null): void => {
    if (e !== null) errors++;
    acked++;
  };
  const t0 = nowMs();
  for (let sent = 0; sent < total;) {
    const slice = Math.min(2000, total - sent);
    for (let i = 0; i < slice; i++) p.send(new ProducerRecord(topic, null, value), cb);
    sent += slice;
    await tick();
    while (p.metrics()["waiting-threads"] > 0) await tick();
  }
  await p.flush();
  const seconds = (nowMs() - t0) / 1000;
  const bytes = p.metrics()["outgoing-byte-total"]!;
  await p.close();
  return { name: `KafkaProducer acks=1, ${valueSize} B`, records: acked, seconds, bytes, ...(errors > 0 ? { note: `${errors} errors` } : {}) };
}

/** Sends at `rate` records/s for `seconds`, recording send->callback latency of every record. */
async function latency(cluster: EmbeddedCluster, runtime: Runtime, topic: string, valueSize: number, rate: number, seconds: number): Promise<string> {
  const p = newProducer(cluster, runtime);
  await p.partitionsFor(topic);
  const value = Buffer.alloc(valueSize, 0x63);
  const lat: number[] = [];
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
  await p.close();
  lat.sort((a, b) => a - b);
  const q = (x: number): string => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))]!.toFixed(2);
  return `send->ack latency at ${Math.round(rate).toLocaleString("en-US")} rec/s of ${valueSize} B: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms (${lat.length} records)`;
}

export async function runProducerBench(): Promise<void> {
  const rows: Row[] = [];
  const best = (a: Row, b: Row): Row => (a.records / a.seconds >= b.records / b.seconds ? a : b);
  const loop1k = best(encodeAppendLoop(1000, 200_000), encodeAppendLoop(1000, 200_000));
  const loop100 = best(encodeAppendLoop(100, 1_000_000), encodeAppendLoop(100, 1_000_000));
  const { cluster, runtime } = await startCluster();
  for (const t of ["p1k", "p1k-b", "p100", "p100-b", "lat1k"]) await createTopic(runtime, cluster, t, 1, 1);
  const p1k = best(await throughput(cluster, runtime, "p1k", 1000, 200_000), await throughput(cluster, runtime, "p1k-b", 1000, 200_000));
  const p100 = best(await throughput(cluster, runtime, "p100", 100, 1_000_000), await throughput(cluster, runtime, "p100-b", 100, 1_000_000));
  rows.push(loop1k, p1k, loop100, p100);
  const lat = await latency(cluster, runtime, "lat1k", 1000, (p1k.records / p1k.seconds) / 2, 2);
  await cluster.close();
  await runtime.close();
  const fmt = (n: number, d = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log("\nProducer benchmark (real-time mode, 1 partition RF 1, batch.size 16384, linger.ms 0, MB = MiB)");
  console.log(["case".padEnd(40), "records".padStart(10), "rec/s".padStart(12), "MB/s".padStart(9), "  vs loop"].join(" "));
  const ratio = (r: Row, base: Row): string => `${fmt((r.records / r.seconds) / (base.records / base.seconds) * 100, 1)}%`;
  for (const r of rows) {
    const base = r.name.includes("1000 B") ? loop1k : loop100;
    console.log([r.name.padEnd(40), fmt(r.records).padStart(10), fmt(r.records / r.seconds).padStart(12), fmt(r.bytes / MIB / r.seconds, 1).padStart(9),
      `  ${r === base ? "" : ratio(r, base)}${r.note ? ` (${r.note})` : ""}`].join(" "));
  }
  console.log(lat);
}

if (process.argv[1] !== undefined && /producer\.ts$/.test(process.argv[1])) {
  runProducerBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
