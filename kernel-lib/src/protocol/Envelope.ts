// What travels on the runtime network between clients and brokers: a request (header + body) or a
// response (header + body). `kind` tells which; `type` names the message as Kafka's schema does
// ("ProduceRequest", "FetchResponse"), which is what the network trace shows for it.
// A later wire codec can put the same objects on a socket.
import { apiName } from "./ApiKeys";
import type { RequestHeader, ResponseHeader } from "./RequestHeader";
import type { RequestTypes, ResponseTypes, SupportedApiKey } from "./messages/index";

export interface RequestMessage<K extends SupportedApiKey = SupportedApiKey> {
  kind: "request";
  /** "<ApiName>Request", e.g. "ProduceRequest". */
  type: string;
  header: RequestHeader<K>;
  body: RequestTypes[K];
}

export interface ResponseMessage<K extends SupportedApiKey = SupportedApiKey> {
  kind: "response";
  /** "<ApiName>Response", e.g. "ProduceResponse". */
  type: string;
  /** The API answered (not on the wire, where the client pairs it by correlation id; kept for tracing). */
  apiKey: K;
  header: ResponseHeader;
  body: ResponseTypes[K];
}

/** A request for any API; `msg.header.apiKey` (or `msg.body.apiKey`) narrows it. */
export type AnyRequestMessage = { [K in SupportedApiKey]: RequestMessage<K> }[SupportedApiKey];
/** A response for any API; `msg.apiKey` narrows it. */
export type AnyResponseMessage = { [K in SupportedApiKey]: ResponseMessage<K> }[SupportedApiKey];
/** Anything a Kafka node sends another over the network. */
export type Envelope = AnyRequestMessage | AnyResponseMessage;

/** Wraps a request body with its header (the header's apiKey is taken from the body). */
export function requestMessage<K extends SupportedApiKey>(
  body: RequestTypes[K] & { apiKey: K },
  header: { apiVersion: number; correlationId: number; clientId: string | null },
): RequestMessage<K> {
  return { kind: "request", type: `${apiName(body.apiKey)}Request`, header: { apiKey: body.apiKey, ...header }, body };
}

/** The response to a request, carrying its correlation id. */
export function responseMessage<K extends SupportedApiKey>(request: RequestMessage<K>, body: ResponseTypes[K]): ResponseMessage<K> {
  const apiKey = request.header.apiKey;
  return { kind: "response", type: `${apiName(apiKey)}Response`, apiKey, header: { correlationId: request.header.correlationId }, body };
}

/** True for the request and response objects of this vocabulary. */
export function isEnvelope(message: unknown): message is Envelope {
  if (message === null || typeof message !== "object") return false;
  const m = message as { kind?: unknown; header?: unknown };
  return (m.kind === "request" || m.kind === "response") && typeof m.header === "object" && m.header !== null;
}

/** The message's name as Kafka's schema calls it: "ProduceRequest", "MetadataResponse". */
export function messageName(message: Envelope): string {
  return message.kind === "request" ? `${apiName(message.header.apiKey)}Request` : `${apiName(message.apiKey)}Response`;
}
