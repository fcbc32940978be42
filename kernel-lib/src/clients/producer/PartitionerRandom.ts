// Partitioners that draw random numbers (Kafka: ThreadLocalRandom) get the runtime's seeded random through
// their configure() map under this key, so a run's partition choices replay from its seed.
import type { SeededRandom } from "../../sim/SeededRandom";

export const PARTITIONER_RANDOM_CONFIG = "kafkalab.partitioner.random";

/** The seeded random passed to configure(), or null. */
export function partitionerRandom(configs: Readonly<Record<string, unknown>>): SeededRandom | null {
  return (configs[PARTITIONER_RANDOM_CONFIG] as SeededRandom | undefined) ?? null;
}
