// org.apache.kafka.clients.consumer.CommitFailedException: a commit that cannot succeed because the member is no
// longer part of the generation it committed for (a rebalance moved its partitions elsewhere).
import { KafkaException, nameErrorClasses } from "../../protocol/KafkaException";

export class CommitFailedException extends KafkaException {
  constructor(message?: string) {
    super(message ?? "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. " +
      "This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically " +
      "implies that the poll loop is spending too much time message processing. You can address this either by increasing " +
      "max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.");
  }
}
nameErrorClasses({ CommitFailedException });
