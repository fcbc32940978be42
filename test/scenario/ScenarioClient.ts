// A test "client" node for scenario tests: raw Produce/Fetch/Metadata requests over a NetworkClient (the real
// KafkaProducer arrives later), with the invariant checks the scenarios share.
import { expect } from "vitest";
import type { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { isEnvelope, type ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";
import { NetworkClient } from "../../kernel-lib/src/protocol/NetworkClient";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "../../kernel-lib/src/protocol/messages/index";
import { buildBatch } from "../../kernel-lib/src/storage/MemoryRecordsBuilder";
import { recordsIn } from "../../kernel-lib/src/storage/MemoryRecords";

export class ScenarioClient {
  readonly client: NetworkClient;

  constructor(readonly cluster: EmbeddedCluster, readonly node = "client") {
    this.client = new NetworkClient(cluster.runtime, node, { clientId: "scenario", requestTimeoutMs: 30000 });
    cluster.runtime.network.register(node, (from, msg) => {
      if (isEnvelope(msg) && msg.kind === "response") this.client.handleResponse(from, msg as ResponseMessage);
    });
  }

  hostOf(id: number): string {
    return this.cluster.broker(id).host;
  }

  request<K extends SupportedApiKey>(brokerId: number, body: RequestTypes[K] & { apiKey: K }, timeoutMs?: number): Promise<ResponseTypes[K]> {
    return this.client.request<K>(`${this.hostOf(brokerId)}:9092`, body, timeoutMs === undefined ? {} : { timeoutMs });
  }

  async createTopic(name: string, partitions: number, rf: number, configs: Record<string, string> = {}, via = 0, assignment?: number[][]): Promise<void> {
    const manual = assignment !== undefined;
    const r = await this.request(via, { apiKey: 19, topics: [{ name, numPartitions: manual ? -1 : partitions, replicationFactor: manual ? -1 : rf,
      assignments: manual ? assignment.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })) : [],
      configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })) }], timeoutMs: 30000, validateOnly: false });
    const t = r.topics[0]!;
    if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: ${t.errorCode} ${t.errorMessage}`);
  }

  /** Produces one batch to the current leader; resolves with [errorCode, baseOffset] (errors/timeouts as codes). */
  async produce(topic: string, partition: number, values: string[], acks: number, timeoutMs = 30000): Promise<{ errorCode: number; baseOffset: number }> {
    // Like a client refreshing metadata: give a leader a moment to appear.
    if (this.cluster.leaderOf(topic, partition) < 0) await this.cluster.runtime.runUntil(() => this.cluster.leaderOf(topic, partition) >= 0, { timeoutMs: 3000 });
    const leader = this.cluster.leaderOf(topic, partition);
    if (leader < 0) return { errorCode: 5, baseOffset: -1 };
    const records = buildBatch(values.map((v) => ({ timestamp: this.cluster.runtime.now(), key: null, value: Buffer.from(v) })));
    try {
      const r = await this.request(leader, { apiKey: 0, transactionalId: null, acks, timeoutMs, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] }, timeoutMs + 5000);
      const p = r.responses[0]!.partitionResponses[0]!;
      return { errorCode: p.errorCode, baseOffset: p.baseOffset };
    } catch {
      return { errorCode: -2, baseOffset: -1 }; // no answer (leader died)
    }
  }

  /** Reads the whole partition from its leader up to the HW: offset → value. */
  async readAll(topic: string, partition: number): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    let offset = 0;
    for (;;) {
      const leader = this.cluster.leaderOf(topic, partition);
      if (leader < 0) throw new Error(`no leader for ${topic}-${partition}`);
      const r = await this.request(leader, { apiKey: 1, replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 52428800, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [], rackId: "" });
      const p = r.responses[0]!.partitions[0]!;
      if (p.errorCode !== 0) throw new Error(`fetch error ${p.errorCode}`);
      let n = 0;
      for (const { record } of recordsIn(p.records ?? Buffer.alloc(0))) {
        if (record.offset >= offset) {
          out.set(record.offset, record.value!.toString());
          n++;
        }
      }
      if (n === 0) return out;
      offset = Math.max(...out.keys()) + 1;
    }
  }

  close(): void {
    this.client.close();
    this.cluster.runtime.network.unregister(this.node);
  }
}

/**
 * Invariants after each step: at most one leader per (partition, epoch); the leader's HW is never beyond the LEO of
 * any ISR member that is online; the ISR contains the leader.
 */
export function checkInvariants(cluster: EmbeddedCluster, topic: string, partitions: number, leadersByEpoch: Map<string, number>): void {
  for (let p = 0; p < partitions; p++) {
    for (const s of cluster.servers) {
      const part = s.isRunning ? s.replicaManager?.getPartition(`${topic}-${p}`) : undefined;
      if (part?.isLeader !== true) continue;
      const key = `${topic}-${p}@${part.leaderEpoch}`;
      const prev = leadersByEpoch.get(key);
      expect(prev === undefined || prev === s.brokerId, `two leaders for ${key}: ${prev} and ${s.brokerId}`).toBe(true);
      leadersByEpoch.set(key, s.brokerId);
      expect(part.inSyncReplicaIds).toContain(s.brokerId);
      const hw = part.log!.highWatermark;
      for (const id of part.partitionState.maximalIsr) {
        const other = cluster.servers.find((x) => x.brokerId === id);
        const log = other?.isRunning ? other.replicaManager?.localLog(topic, p) : undefined;
        if (log !== undefined) expect(hw, `HW ${hw} of ${topic}-${p} beyond LEO ${log.logEndOffset} of ISR member ${id}`).toBeLessThanOrEqual(log.logEndOffset);
      }
    }
  }
}
