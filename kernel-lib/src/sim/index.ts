// kernel-lib/src/sim: the deterministic simulation runtime (clock, scheduler, seeded random, network, disk, trace).
export { Runtime, type RuntimeOptions, type PendingEvent } from "./Runtime";
export type { Deferred } from "./Deferred";
export { Scheduler, SimEvent, type TimerId } from "./Scheduler";
export type { Clock } from "./Clock";
export { VirtualClock } from "./VirtualClock";
export { RealClock } from "./RealClock";
export { SeededRandom } from "./SeededRandom";
export { Uuid } from "./Uuid";
export { Network, type LinkOptions, type MessageHandler, type NetworkHost } from "./Network";
export { Disk, type DiskOptions } from "./Disk";
export { Trace, type TraceEvent, type TraceOptions } from "./Trace";
export { canonicalJson } from "./CanonicalJson";
export { javaDateString } from "./JavaDate";
export { IllegalArgumentException, IllegalStateException, RuntimeClosedError, SimulationDeadlockError, SimulationStalledError } from "./errors";
