// Errors raised by the simulation runtime itself (not Kafka errors: those live with the code that mirrors Kafka).

/** Java's IllegalArgumentException, thrown where Kafka's own code throws it (e.g. Uuid.fromString). */
export class IllegalArgumentException extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IllegalArgumentException";
  }
}

/**
 * Something is waiting (a promise from `runtime.defer()`, `sleep`, `runUntil`, ...) but nothing is scheduled
 * that could ever complete it. Raised instead of hanging the notebook cell forever.
 */
export class SimulationDeadlockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationDeadlockError";
  }
}

/**
 * Virtual time kept running (periodic timers) for longer than the runtime's stall limit while something
 * waited and no waiter ever completed: almost certainly a wait for something that never happens.
 */
export class SimulationStalledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationStalledError";
  }
}

/** The runtime was closed while something still waited on it. */
export class RuntimeClosedError extends Error {
  constructor(message = "runtime closed") {
    super(message);
    this.name = "RuntimeClosedError";
  }
}
