// kafkalab: a faithful, deterministic Kafka 3.9 engine for notebooks.
// Layers import downwards only (../../README.md): notebook → cli → clients → broker → controller →
// storage → protocol → sim. This entry point is what a notebook cell imports from "kafkalab".

// Display: charts (Vega-Lite + SVG rendered in Node), tables, progress.
export * from "./notebook";

// Storage: record batch v2, codecs, CRC32C, the partition log.
export * from "./storage";

// Runtime: virtual clock, scheduler, seeded random, network, disks, trace.
export {
  Runtime, Scheduler, VirtualClock, RealClock, SeededRandom, Uuid, Network, Disk, Trace,
  SimulationDeadlockError, SimulationStalledError, RuntimeClosedError,
} from "./sim";
export type { RuntimeOptions, TimerId, Clock, LinkOptions, TraceEvent, TraceOptions, Deferred } from "./sim";
