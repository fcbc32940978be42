// Errors raised by the simulation runtime itself (not Kafka errors: those live with the code that mirrors Kafka).

// java.lang's two exceptions that Kafka's code throws everywhere; they live in the lowest layer so that
// every layer throws the same classes.

/** java.lang.IllegalArgumentException, thrown where Kafka's own code throws it (e.g. Uuid.fromString). */
export class IllegalArgumentException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IllegalArgumentException";
  }
}

/** java.lang.IllegalStateException: a call that is wrong in the object's current state. */
export class IllegalStateException extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IllegalStateException";
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
