// org.apache.kafka.clients.consumer.NoOffsetForPartitionException: no committed offset and auto.offset.reset=none.
import { InvalidOffsetException } from "../../protocol/ApiExceptions";
import { nameErrorClasses } from "../../protocol/KafkaException";
import type { TopicPartition } from "../../protocol/TopicPartition";

export class NoOffsetForPartitionException extends InvalidOffsetException {
  readonly partitionsList: TopicPartition[];

  constructor(partitions: TopicPartition | TopicPartition[]) {
    const list = Array.isArray(partitions) ? partitions : [partitions];
    super("Undefined offset with no reset policy for partitions: [" + list.map(String).join(", ") + "]");
    this.partitionsList = list;
  }

  partitions(): Set<TopicPartition> {
    return new Set(this.partitionsList);
  }
}
nameErrorClasses({ NoOffsetForPartitionException });
