// org.apache.kafka.clients.consumer.ConsumerGroupMetadata: the member's view of its group (for
// sendOffsetsToTransaction and displays).
export class ConsumerGroupMetadata {
  constructor(
    readonly groupId: string,
    readonly generationId: number = -1,
    readonly memberId: string = "",
    readonly groupInstanceId: string | null = null,
  ) {}

  toString(): string {
    return `GroupMetadata(groupId = ${this.groupId}, generationId = ${this.generationId}, memberId = ${this.memberId}, groupInstanceId = ${this.groupInstanceId ?? ""})`;
  }
}
