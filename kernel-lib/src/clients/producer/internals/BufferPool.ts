// org.apache.kafka.clients.producer.internals.BufferPool: the `buffer.memory` budget of the record accumulator.
// Batch buffers are counted against it while a batch lives (from its creation until it completes); when the
// budget is spent, a send waits (Kafka: the calling thread blocks) until memory comes back or max.block.ms
// passes, then fails with BufferExhaustedException. Waiters are served first come, first served. (Node owns the
// bytes themselves; this pool is the accounting, which is what shapes producer behaviour.)
import { TimeoutException } from "../../../protocol/ApiExceptions";
import { nameErrorClasses } from "../../../protocol/KafkaException";
import { IllegalArgumentException } from "../../../sim/errors";

/** org.apache.kafka.clients.producer.BufferExhaustedException (a TimeoutException since 2.x). */
export class BufferExhaustedException extends TimeoutException {}
nameErrorClasses({ BufferExhaustedException });

export class BufferPool {
  private available: number;

  constructor(readonly totalMemory: number, readonly poolableSize: number) {
    this.available = totalMemory;
  }

  /** Whether `size` bytes can be taken now (no one waiting ahead and enough memory). */
  canAllocate(size: number, waitersAhead: number): boolean {
    return waitersAhead === 0 && size <= this.available;
  }

  /** Takes `size` bytes; the caller checked canAllocate (or is the waiter being served). */
  allocate(size: number): void {
    if (size > this.totalMemory) {
      throw new IllegalArgumentException(`Attempt to allocate ${size} bytes, but there is a hard limit of ${this.totalMemory} on memory allocations.`);
    }
    this.available -= size;
  }

  deallocate(size: number): void {
    this.available += size;
  }

  availableMemory(): number {
    return this.available;
  }

  /** The exception for a send that waited max.block.ms in vain (BufferPool.allocate's wording). */
  exhausted(size: number, maxTimeToBlockMs: number): BufferExhaustedException {
    return new BufferExhaustedException(`Failed to allocate ${size} bytes within the configured max blocking time ${maxTimeToBlockMs} ms. ` +
      `Total memory: ${this.totalMemory} bytes. Available memory: ${this.available} bytes. Poolable size: ${this.poolableSize} bytes`);
  }
}
