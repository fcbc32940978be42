// org.apache.kafka.admin.AdminUtils: the default replica placement of ZooKeeper mode (topic creation,
// partition addition, `kafka-reassign-partitions.sh --generate`). Leaders go round-robin over the brokers
// from a random start; followers follow with a shift that grows by one after every round of partitions,
// so the followers of one broker's partitions spread over the other brokers. The rack-aware variant runs
// the same walk over a rack-alternated broker list and skips brokers whose rack already has a replica.
import { InvalidPartitionsException, InvalidReplicationFactorException } from "../protocol";
import { AdminOperationException } from "./errors";

/** org.apache.kafka.admin.BrokerMetadata: a broker id and its `broker.rack` (null if unset). */
export interface BrokerMetadata {
  id: number;
  rack?: string | null;
}

/** The random draws placement needs: the runtime's SeededRandom (a fork, e.g. `random.fork("AdminUtils")`). */
export interface PlacementRandom {
  nextIntBelow(bound: number): number;
}

/** AdminUtils.replicaIndex: where the (j+1)-th follower of a partition led by brokers[first] goes. */
export function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIndex: number, nBrokers: number): number {
  const shift = 1 + ((secondReplicaShift + replicaIndex) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * AdminUtils.getRackAlternatedBrokerList: racks sorted, brokers sorted within each rack, then one broker from
 * each rack in turn (rack1:[0,1,2], rack2:[3,4,5], rack3:[6,7,8] -> 0,3,6,1,4,7,2,5,8).
 */
export function getRackAlternatedBrokerList(brokerRackMap: ReadonlyMap<number, string>): number[] {
  const byRack = new Map<string, number[]>();
  for (const [id, rack] of brokerRackMap) {
    let list = byRack.get(rack);
    if (list === undefined) byRack.set(rack, (list = []));
    list.push(id);
  }
  for (const list of byRack.values()) list.sort((a, b) => a - b);
  // Arrays.sort on strings: UTF-16 code unit order, as JS's default sort.
  const racks = [...byRack.keys()].sort();
  const cursors = racks.map(() => 0);
  const result: number[] = [];
  let rackIndex = 0;
  while (result.length < brokerRackMap.size) {
    const list = byRack.get(racks[rackIndex] as string) as number[];
    const i = cursors[rackIndex] as number;
    if (i < list.length) {
      result.push(list[i] as number);
      cursors[rackIndex] = i + 1;
    }
    rackIndex = (rackIndex + 1) % racks.length;
  }
  return result;
}

function toMetadata(b: number | BrokerMetadata): BrokerMetadata {
  return typeof b === "number" ? { id: b, rack: null } : b;
}

function hasRack(b: BrokerMetadata): boolean {
  return b.rack !== undefined && b.rack !== null;
}

/**
 * AdminUtils.assignReplicasToBrokers: partition id -> replicas (the first is the preferred leader), for
 * partitions startPartitionId (0 if < 0) .. + nPartitions - 1. `brokers` in the order to use (callers pass
 * them sorted by id). With fixedStartIndex >= 0 both the start index and the replica shift are that value
 * (as in Kafka); otherwise both are drawn from `random`, start index first.
 */
export function assignReplicasToBrokers(
  brokers: readonly (number | BrokerMetadata)[],
  nPartitions: number,
  replicationFactor: number,
  fixedStartIndex = -1,
  startPartitionId = -1,
  random?: PlacementRandom,
): Map<number, number[]> {
  if (nPartitions <= 0) throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
  if (replicationFactor <= 0) throw new InvalidReplicationFactorException("Replication factor must be larger than 0.");
  if (replicationFactor > brokers.length) {
    throw new InvalidReplicationFactorException(`Replication factor: ${replicationFactor} larger than available brokers: ${brokers.length}.`);
  }
  const metadatas = brokers.map(toMetadata);
  if (!metadatas.some(hasRack)) {
    return assignRackUnaware(nPartitions, replicationFactor, metadatas.map((b) => b.id), fixedStartIndex, startPartitionId, random);
  }
  if (metadatas.some((b) => !hasRack(b))) {
    throw new AdminOperationException("Not all brokers have rack information for replica rack aware assignment.");
  }
  return assignRackAware(nPartitions, replicationFactor, metadatas, fixedStartIndex, startPartitionId, random);
}

function draw(random: PlacementRandom | undefined, bound: number): number {
  if (random === undefined) {
    throw new Error("AdminUtils.assignReplicasToBrokers: a random source is needed when fixedStartIndex < 0 (pass runtime.random.fork(\"AdminUtils\"))");
  }
  return random.nextIntBelow(bound);
}

function assignRackUnaware(
  nPartitions: number, replicationFactor: number, brokerArray: readonly number[],
  fixedStartIndex: number, startPartitionId: number, random: PlacementRandom | undefined,
): Map<number, number[]> {
  const n = brokerArray.length;
  const ret = new Map<number, number[]>();
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : draw(random, n);
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : draw(random, n);
  for (let i = 0; i < nPartitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + startIndex) % n;
    const replicas = [brokerArray[firstReplicaIndex] as number];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokerArray[replicaIndex(firstReplicaIndex, nextReplicaShift, j, n)] as number);
    }
    ret.set(currentPartitionId, replicas);
    currentPartitionId += 1;
  }
  return ret;
}

function assignRackAware(
  nPartitions: number, replicationFactor: number, brokers: readonly BrokerMetadata[],
  fixedStartIndex: number, startPartitionId: number, random: PlacementRandom | undefined,
): Map<number, number[]> {
  const brokerRackMap = new Map<number, string>();
  for (const b of brokers) brokerRackMap.set(b.id, b.rack as string);
  const numRacks = new Set(brokerRackMap.values()).size;
  const arranged = getRackAlternatedBrokerList(brokerRackMap);
  const numBrokers = arranged.length;
  const ret = new Map<number, number[]>();
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : draw(random, numBrokers);
  let currentPartitionId = Math.max(0, startPartitionId);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : draw(random, numBrokers);
  for (let i = 0; i < nPartitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % numBrokers === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + startIndex) % numBrokers;
    const leader = arranged[firstReplicaIndex] as number;
    const replicas = [leader];
    const racksWithReplicas = new Set<string>([brokerRackMap.get(leader) as string]);
    const brokersWithReplicas = new Set<number>([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      let done = false;
      while (!done) {
        const broker = arranged[replicaIndex(firstReplicaIndex, nextReplicaShift * numRacks, k, numBrokers)] as number;
        const rack = brokerRackMap.get(broker) as string;
        // Skip a broker whose rack already has a replica while some rack has none, or that already has a
        // replica while some broker has none.
        if ((!racksWithReplicas.has(rack) || racksWithReplicas.size === numRacks) &&
          (!brokersWithReplicas.has(broker) || brokersWithReplicas.size === numBrokers)) {
          replicas.push(broker);
          racksWithReplicas.add(rack);
          brokersWithReplicas.add(broker);
          done = true;
        }
        k += 1;
      }
    }
    ret.set(currentPartitionId, replicas);
    currentPartitionId += 1;
  }
  return ret;
}
