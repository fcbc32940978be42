// org.apache.kafka.common.internals.Topic: legal topic names and the '.'/'_' collision rule (metric names
// replace '.' with '_', so "a.b" and "a_b" would share metrics). Kept here until protocol/ has a home for it.
import { InvalidTopicException } from "../protocol";

export const MAX_NAME_LENGTH = 249;

/** Topic.containsValidPattern: ASCII alphanumerics, '.', '_' and '-'. */
export function containsValidPattern(topic: string): boolean {
  return /^[a-zA-Z0-9._-]*$/.test(topic);
}

/** Topic.validate: throws InvalidTopicException with Kafka's wording. */
export function validateTopicName(topic: string): void {
  const logPrefix = "Topic name";
  if (topic.length === 0) throw new InvalidTopicException(`${logPrefix} is illegal, it can't be empty`);
  if (topic === "." || topic === "..") throw new InvalidTopicException(`${logPrefix} cannot be "." or ".."`);
  if (topic.length > MAX_NAME_LENGTH) {
    throw new InvalidTopicException(`${logPrefix} is illegal, it can't be longer than ${MAX_NAME_LENGTH} characters, ${logPrefix}: ${topic}`);
  }
  if (!containsValidPattern(topic)) {
    throw new InvalidTopicException(`${logPrefix} "${topic}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
  }
}

/** Topic.hasCollisionChars */
export function hasCollisionChars(topic: string): boolean {
  return topic.includes("_") || topic.includes(".");
}

/** Topic.unifyCollisionChars */
export function unifyCollisionChars(topic: string): string {
  return topic.replace(/\./g, "_");
}

/** Topic.hasCollision: the two names differ only in '.' vs '_'. */
export function hasCollision(topicA: string, topicB: string): boolean {
  return unifyCollisionChars(topicA) === unifyCollisionChars(topicB);
}

/** Topic.isInternal: __consumer_offsets and __transaction_state. */
export function isInternalTopic(topic: string): boolean {
  return topic === "__consumer_offsets" || topic === "__transaction_state";
}
