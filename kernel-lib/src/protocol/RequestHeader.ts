// The headers in front of every request and response. Fields named as Kafka's RequestHeader class
// reads them (apiKey(), apiVersion(), correlationId(), clientId()); on the wire, RequestHeader.json.

/** RequestHeader: which API and version, the id that pairs the response with it, and who asks. */
export interface RequestHeader<K extends number = number> {
  apiKey: K;
  apiVersion: number;
  correlationId: number;
  /** The `client.id` (nullable in the protocol). */
  clientId: string | null;
}

/** ResponseHeader: only the correlation id of the request it answers. */
export interface ResponseHeader {
  correlationId: number;
}
