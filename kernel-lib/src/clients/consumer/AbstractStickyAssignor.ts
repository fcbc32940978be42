// org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor: the shared algorithm of StickyAssignor
// ("sticky", eager) and CooperativeStickyAssignor ("cooperative-sticky"). Goals: balance (partition counts
// differ by at most one when subscriptions are equal) and stickiness (members keep what they owned).
// Previous ownership comes from each member's MemberData (owned partitions + generation); a partition claimed by
// several members goes to the claim of the highest generation (equal-generation double claims are dropped).
//
// Equal subscriptions use Kafka's ConstrainedAssignmentBuilder (§10.5 of the reference), iterating members in
// sorted order where Java iterates a HashMap. Unequal subscriptions use a simpler sticky balancer than Kafka's
// GeneralAssignmentBuilder (keep valid owned partitions, hand the rest to the least loaded eligible member, then
// move partitions from overloaded to underloaded eligible members): balanced and sticky, not always identical
// to Kafka's choice.
import { TopicPartition } from "../../protocol/TopicPartition";
import { AbstractPartitionAssignor, compareStrings, sortedMembers, type Subscription } from "./ConsumerPartitionAssignor";

/** AbstractStickyAssignor.MemberData */
export interface MemberData {
  partitions: TopicPartition[];
  generation: number | null;
}

const DEFAULT_GENERATION = -1;

function byPartitionThenTopic(a: TopicPartition, b: TopicPartition): number {
  return a.partition !== b.partition ? a.partition - b.partition : compareStrings(a.topic, b.topic);
}

function byTopicThenPartition(a: TopicPartition, b: TopicPartition): number {
  return TopicPartition.compare(a, b);
}

export abstract class AbstractStickyAssignor extends AbstractPartitionAssignor {
  /** Partitions that change owner between two live members in the last assignment (cooperative needs them). */
  protected partitionsTransferringOwnership: Map<string, string> | null = new Map();

  /** The member's previous partitions and the generation they belong to. */
  protected abstract memberData(subscription: Subscription): MemberData;

  assignPartitions(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]> {
    this.partitionsTransferringOwnership = new Map();
    const members = sortedMembers(subscriptions).map((m) => m.memberId);
    const owned = this.validOwnedPartitions(members, partitionsPerTopic, subscriptions);
    const topicsOf = new Map(members.map((m) => [m, new Set((subscriptions.get(m) as Subscription).topics)]));
    const first = topicsOf.get(members[0]);
    const allEqual = first !== undefined && members.every((m) => {
      const t = topicsOf.get(m) as Set<string>;
      return t.size === first.size && [...t].every((x) => first.has(x));
    });
    const result = allEqual
      ? this.constrainedAssign(members, partitionsPerTopic, [...(first ?? [])], owned)
      : this.generalAssign(members, partitionsPerTopic, topicsOf, owned);
    // Record transfers between live members (cooperative revocation works from these).
    const previousOwner = new Map<string, string>();
    for (const [m, parts] of owned) for (const tp of parts) previousOwner.set(tp.toString(), m);
    for (const [m, parts] of result) {
      for (const tp of parts) {
        const prev = previousOwner.get(tp.toString());
        if (prev !== undefined && prev !== m) this.partitionsTransferringOwnership.set(tp.toString(), m);
      }
    }
    return result;
  }

  /** Each member's owned partitions that still exist and are still subscribed, conflicts resolved by generation. */
  private validOwnedPartitions(members: string[], partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]> {
    const claims = new Map<string, { member: string; generation: number; tp: TopicPartition }[]>();
    for (const m of members) {
      const s = subscriptions.get(m) as Subscription;
      const data = this.memberData(s);
      const gen = data.generation ?? DEFAULT_GENERATION;
      const subscribed = new Set(s.topics);
      for (const tp of data.partitions) {
        const n = partitionsPerTopic.get(tp.topic);
        if (n === undefined || tp.partition >= n || !subscribed.has(tp.topic)) continue;
        let list = claims.get(tp.toString());
        if (list === undefined) claims.set(tp.toString(), (list = []));
        list.push({ member: m, generation: gen, tp });
      }
    }
    const owned = new Map<string, TopicPartition[]>(members.map((m) => [m, []]));
    for (const list of claims.values()) {
      const max = Math.max(...list.map((c) => c.generation));
      const winners = list.filter((c) => c.generation === max);
      if (winners.length !== 1) continue; // claimed twice in one generation: nobody keeps it
      (owned.get(winners[0].member) as TopicPartition[]).push(winners[0].tp);
    }
    for (const parts of owned.values()) parts.sort(byPartitionThenTopic);
    return owned;
  }

  /** ConstrainedAssignmentBuilder: every member subscribes to the same topics. */
  private constrainedAssign(members: string[], partitionsPerTopic: ReadonlyMap<string, number>, topics: string[],
    owned: Map<string, TopicPartition[]>): Map<string, TopicPartition[]> {
    const all: TopicPartition[] = [];
    for (const t of topics.sort(compareStrings)) {
      const n = partitionsPerTopic.get(t);
      if (n !== undefined) all.push(...AbstractPartitionAssignor.partitions(t, n));
    }
    all.sort(byTopicThenPartition);
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m, []]));
    const numMembers = members.length;
    const minQuota = Math.floor(all.length / numMembers);
    const maxQuota = Math.ceil(all.length / numMembers);
    const expectedWithMax = all.length % numMembers;
    let currentWithMax = 0;
    const underMin: string[] = [];
    const exactlyMin: string[] = [];
    const assigned = new Set<string>();
    // 1. Keep previously owned partitions up to the quota.
    for (const m of members) {
      const mine = owned.get(m) as TopicPartition[];
      const out = assignment.get(m) as TopicPartition[];
      if (mine.length < minQuota) {
        out.push(...mine);
        underMin.push(m);
      } else if (mine.length >= maxQuota && currentWithMax < expectedWithMax) {
        out.push(...mine.slice(0, maxQuota));
        currentWithMax++;
      } else {
        out.push(...mine.slice(0, minQuota));
        if (currentWithMax < expectedWithMax && minQuota !== maxQuota) exactlyMin.push(m);
      }
      for (const tp of out) assigned.add(tp.toString());
    }
    if (currentWithMax === expectedWithMax) exactlyMin.length = 0;
    // 2. Deal the unassigned partitions: members under minQuota round-robin, then minQuota members up to maxQuota.
    const unassigned = all.filter((tp) => !assigned.has(tp.toString()));
    let i = 0;
    for (const tp of unassigned) {
      let m: string;
      if (underMin.length > 0) {
        if (i >= underMin.length) i = 0;
        m = underMin[i];
      } else {
        const next = exactlyMin.shift();
        if (next === undefined) break; // cannot happen: quotas add up to all partitions
        m = next;
      }
      const out = assignment.get(m) as TopicPartition[];
      out.push(tp);
      if (underMin.length > 0 && underMin[i] === m) {
        if (out.length === minQuota) {
          underMin.splice(i, 1);
          if (minQuota !== maxQuota && currentWithMax < expectedWithMax) exactlyMin.push(m);
        } else {
          i++;
        }
      } else if (out.length === maxQuota) {
        currentWithMax++;
        if (currentWithMax === expectedWithMax) exactlyMin.length = 0;
      }
    }
    return assignment;
  }

  /** Unequal subscriptions: sticky, then least-loaded, then rebalance moves between eligible members. */
  private generalAssign(members: string[], partitionsPerTopic: ReadonlyMap<string, number>, topicsOf: Map<string, Set<string>>,
    owned: Map<string, TopicPartition[]>): Map<string, TopicPartition[]> {
    const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m, [...(owned.get(m) as TopicPartition[])]]));
    const assigned = new Set<string>();
    for (const parts of assignment.values()) for (const tp of parts) assigned.add(tp.toString());
    const allTopics = new Set<string>();
    for (const t of topicsOf.values()) for (const x of t) allTopics.add(x);
    const all: TopicPartition[] = [];
    for (const t of [...allTopics].sort(compareStrings)) {
      const n = partitionsPerTopic.get(t);
      if (n !== undefined) all.push(...AbstractPartitionAssignor.partitions(t, n));
    }
    const eligible = (tp: TopicPartition): string[] => members.filter((m) => (topicsOf.get(m) as Set<string>).has(tp.topic));
    const load = (m: string): number => (assignment.get(m) as TopicPartition[]).length;
    // Partitions with the fewest eligible members first (Kafka sorts by potential consumers too).
    const unassigned = all.filter((tp) => !assigned.has(tp.toString()))
      .sort((a, b) => eligible(a).length - eligible(b).length || byTopicThenPartition(a, b));
    for (const tp of unassigned) {
      const candidates = eligible(tp);
      if (candidates.length === 0) continue;
      let best = candidates[0];
      for (const c of candidates) if (load(c) < load(best)) best = c;
      (assignment.get(best) as TopicPartition[]).push(tp);
    }
    // Balance: move a partition from a member to an eligible one with at least two fewer, until none can move.
    for (let moved = true, rounds = 0; moved && rounds < all.length * members.length; rounds++) {
      moved = false;
      for (const from of [...members].sort((a, b) => load(b) - load(a))) {
        const parts = assignment.get(from) as TopicPartition[];
        for (let k = parts.length - 1; k >= 0 && !moved; k--) {
          const tp = parts[k];
          const target = eligible(tp).filter((c) => load(c) + 1 < load(from)).sort((a, b) => load(a) - load(b))[0];
          if (target === undefined) continue;
          parts.splice(k, 1);
          (assignment.get(target) as TopicPartition[]).push(tp);
          moved = true;
        }
        if (moved) break;
      }
    }
    return assignment;
  }
}
