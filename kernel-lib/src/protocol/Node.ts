// org.apache.kafka.common.Node: a broker as clients see it in metadata (id, host, port, rack).

export class Node {
  constructor(
    readonly id: number,
    readonly host: string,
    readonly port: number,
    readonly rack: string | null = null,
  ) {}

  /** Node.noNode(): the placeholder for "no leader" / "unknown coordinator" (id -1, host "", port -1). */
  static noNode(): Node {
    return new Node(-1, "", -1, null);
  }

  get idString(): string {
    return String(this.id);
  }

  /** True for noNode(): empty host or negative port. */
  isEmpty(): boolean {
    return this.host === "" || this.port < 0;
  }

  hasRack(): boolean {
    return this.rack !== null;
  }

  equals(other: Node): boolean {
    return this.id === other.id && this.host === other.host && this.port === other.port && this.rack === other.rack;
  }

  /** Kafka's Node.toString: `hadoop102:9092 (id: 1 rack: null)`. */
  toString(): string {
    return `${this.host}:${this.port} (id: ${this.idString} rack: ${this.rack})`;
  }
}
