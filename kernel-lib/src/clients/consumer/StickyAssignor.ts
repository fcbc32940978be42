// org.apache.kafka.clients.consumer.StickyAssignor ("sticky", eager only): the AbstractStickyAssignor algorithm,
// with the member's previous assignment carried in its subscription userData, because under the eager protocol
// members revoke everything before rejoining (ownedPartitions would be empty). userData schema
// STICKY_ASSIGNOR_USER_DATA_V1: previous_assignment [{topic string, partitions [int32]}], generation int32.
import type { TopicPartition } from "../../protocol/TopicPartition";
import { AbstractStickyAssignor, type MemberData } from "./AbstractStickyAssignor";
import type { Assignment, AssignmentContext, Subscription } from "./ConsumerPartitionAssignor";
import { ProtocolReader, ProtocolWriter } from "./ConsumerProtocol";

export class StickyAssignor extends AbstractStickyAssignor {
  static readonly STICKY_ASSIGNOR_NAME = "sticky";

  private memberAssignment: readonly TopicPartition[] | null = null;
  private generation = -1;

  name(): string {
    return StickyAssignor.STICKY_ASSIGNOR_NAME;
  }

  override onAssignment(assignment: Assignment, context: AssignmentContext): void {
    this.memberAssignment = assignment.partitions;
    this.generation = context.generationId;
  }

  override subscriptionUserData(_topics: ReadonlySet<string>): Buffer | null {
    if (this.memberAssignment === null) return null;
    return StickyAssignor.serializeTopicPartitionAssignment({ partitions: [...this.memberAssignment], generation: this.generation });
  }

  protected memberData(subscription: Subscription): MemberData {
    // Kafka 3.x: owned partitions from the subscription when present (v1+), else the userData.
    if (subscription.ownedPartitions.length > 0) {
      return { partitions: [...subscription.ownedPartitions], generation: subscription.generationId >= 0 ? subscription.generationId : null };
    }
    const ud = subscription.userData;
    if (ud === null || ud.length === 0) return { partitions: [], generation: null };
    try {
      return StickyAssignor.deserializeTopicPartitionAssignment(ud);
    } catch {
      return { partitions: [], generation: null }; // Kafka logs and treats it as no previous assignment
    }
  }

  static serializeTopicPartitionAssignment(data: MemberData): Buffer {
    return new ProtocolWriter().topicPartitions(data.partitions).int32(data.generation ?? -1).toBuffer();
  }

  static deserializeTopicPartitionAssignment(buf: Buffer): MemberData {
    const r = new ProtocolReader(buf);
    const partitions = r.topicPartitions("previous_assignment");
    const generation = r.remaining() >= 4 ? r.int32("generation") : null;
    return { partitions, generation };
  }
}
