// kafka.controller.ControllerEventManager: the controller handles one event at a time, in arrival order
// (Kafka: a single "controller-event-thread"). An event here is a callback-style step that calls `done` when
// its ZooKeeper writes and sends are issued; the next event starts after that.

export interface ControllerEvent {
  /** kafka.controller.ControllerState-like name, for the trace ("BrokerChange", "TopicChange", ...). */
  readonly name: string;
  process(done: () => void): void;
}

export class ControllerEventManager {
  private readonly queue: ControllerEvent[] = [];
  private busy = false;
  private current: string | null = null;

  constructor(private readonly onError: (event: string, err: unknown) => void) {}

  /** The event being processed, or null. */
  get currentEvent(): string | null {
    return this.current;
  }

  get queueSize(): number {
    return this.queue.length;
  }

  put(event: ControllerEvent): void {
    this.queue.push(event);
    if (!this.busy) this.pump();
  }

  /** Drops what has not started (shutdown). */
  clear(): void {
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.busy && this.queue.length > 0) {
      const ev = this.queue.shift() as ControllerEvent;
      this.busy = true;
      this.current = ev.name;
      let sync = true;
      let finished = false;
      const done = (): void => {
        if (finished) return;
        finished = true;
        this.busy = false;
        this.current = null;
        if (!sync) this.pump();
      };
      try {
        ev.process(done);
      } catch (e) {
        this.onError(ev.name, e);
        done();
      }
      sync = false;
    }
  }
}
