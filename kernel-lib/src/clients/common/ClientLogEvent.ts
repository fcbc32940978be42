// A log line a Kafka client would write through log4j/slf4j; clients hand them to an optional logger so a
// notebook or the console tools can print them in Kafka's format.
export interface ClientLogEvent {
  level: "ERROR" | "WARN" | "INFO" | "DEBUG";
  message: string;
  /** The logging class, e.g. "org.apache.kafka.clients.NetworkClient". */
  logger: string;
}

export type ClientLogger = (event: ClientLogEvent) => void;
