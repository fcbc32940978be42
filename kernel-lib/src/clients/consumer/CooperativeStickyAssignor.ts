// org.apache.kafka.clients.consumer.CooperativeStickyAssignor ("cooperative-sticky", KIP-429): the sticky
// algorithm over the ownedPartitions every member reports in its subscription (cooperative members keep their
// partitions during a rebalance), then `adjustAssignment`: a partition moving from one live member to another is
// left out of this round entirely — its owner revokes it after SyncGroup and rejoins, and the next rebalance
// hands it to the new owner. Supports COOPERATIVE (preferred) and EAGER.
import type { TopicPartition } from "../../protocol/TopicPartition";
import { AbstractStickyAssignor, type MemberData } from "./AbstractStickyAssignor";
import { RebalanceProtocol, type Assignment, type AssignmentContext, type Subscription } from "./ConsumerPartitionAssignor";
import { ProtocolWriter } from "./ConsumerProtocol";

export class CooperativeStickyAssignor extends AbstractStickyAssignor {
  static readonly COOPERATIVE_STICKY_ASSIGNOR_NAME = "cooperative-sticky";

  private generation = -1;

  name(): string {
    return CooperativeStickyAssignor.COOPERATIVE_STICKY_ASSIGNOR_NAME;
  }

  override supportedProtocols(): RebalanceProtocol[] {
    return [RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER];
  }

  override onAssignment(_assignment: Assignment, context: AssignmentContext): void {
    this.generation = context.generationId;
  }

  /** COOPERATIVE_STICKY_ASSIGNOR_USER_DATA_V0: the generation, for older members that lack subscription v2. */
  override subscriptionUserData(_topics: ReadonlySet<string>): Buffer | null {
    return new ProtocolWriter().int32(this.generation).toBuffer();
  }

  protected memberData(subscription: Subscription): MemberData {
    let generation: number | null = subscription.generationId >= 0 ? subscription.generationId : null;
    if (generation === null && subscription.userData !== null && subscription.userData.length >= 4) {
      const g = subscription.userData.readInt32BE(0);
      generation = g >= 0 ? g : null;
    }
    return { partitions: [...subscription.ownedPartitions], generation };
  }

  override assignPartitions(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: ReadonlyMap<string, Subscription>): Map<string, TopicPartition[]> {
    const assignment = super.assignPartitions(partitionsPerTopic, subscriptions);
    // adjustAssignment: drop partitions still owned by another member from their new owner.
    const transferring = this.partitionsTransferringOwnership ?? new Map<string, string>();
    if (transferring.size === 0) return assignment;
    for (const [m, parts] of assignment) {
      assignment.set(m, parts.filter((tp) => transferring.get(tp.toString()) !== m));
    }
    return assignment;
  }
}
