// org.apache.kafka.common.KafkaException: the root of Kafka's exception tree.
//
// It lives in protocol/ (the lowest Kafka layer) so that storage/, broker/ and clients/ can all
// extend it: `err instanceof KafkaException` then holds for every error the engine raises.

/** org.apache.kafka.common.KafkaException */
export class KafkaException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Gives each class its Kafka name as `err.name` (shown first in stack traces and notebooks).
 * Written on the prototype from the object's keys, not taken from `new.target.name`: a bundler may
 * rename a class (two modules both declaring `CorruptRecordException`), but it never renames keys.
 */
export function nameErrorClasses(classes: Record<string, abstract new (...args: never[]) => Error>): void {
  for (const [name, cls] of Object.entries(classes)) {
    Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true, enumerable: false });
  }
}

nameErrorClasses({ KafkaException });
