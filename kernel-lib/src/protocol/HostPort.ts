// Host:port parsing for listeners and bootstrap.servers (org.apache.kafka.common.utils.Utils.getHost/getPort and
// ClientUtils.parseAndValidateAddresses). In the simulation a broker's node name IS its host name, so an address
// resolves to a node by its host; the port must still match the listener for a connection to succeed.
import { ConfigException } from "./ConfigException";
import { KafkaException } from "./KafkaException";

// Bad addresses raise Kafka's ConfigException (one class for every config error; see ConfigException.ts).
export { ConfigException };

export interface HostPort {
  host: string;
  port: number;
}

// Utils.HOST_PORT_PATTERN: `.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)` — an optional scheme prefix, a host
// (IPv6 in brackets), and a port of digits.
const HOST_PORT_PATTERN = /^.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$/;

/** "hadoop102:9092" or "PLAINTEXT://hadoop102:9092" → { host, port }; null when either part is missing. */
export function parseHostPort(address: string): HostPort | null {
  const m = HOST_PORT_PATTERN.exec(address.trim());
  if (m === null || m[1] === "") return null;
  const port = Number(m[2]);
  if (!Number.isSafeInteger(port)) return null;
  return { host: m[1], port };
}

/** Kafka's `host:port` printing (IPv6 hosts in brackets). */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(":") ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

/**
 * ClientUtils.parseAndValidateAddresses for `bootstrap.servers`: a comma-separated list (or a list) of host:port.
 * Bad entries throw ConfigException("Invalid url in bootstrap.servers: abc"); an empty list throws
 * "No resolvable bootstrap urls given in bootstrap.servers". Host resolution happens later (NetworkClient).
 */
export function parseBootstrapServers(servers: string | readonly string[], configName = "bootstrap.servers"): HostPort[] {
  const entries = (typeof servers === "string" ? servers.split(",") : servers).map((s) => s.trim()).filter((s) => s !== "");
  const out: HostPort[] = [];
  for (const url of entries) {
    const hp = parseHostPort(url);
    if (hp === null) throw new ConfigException(`Invalid url in ${configName}: ${url}`);
    if (hp.port < 0 || hp.port > 65535) throw new ConfigException(`Invalid port in ${configName}: ${url}`);
    out.push(hp);
  }
  if (out.length === 0) throw new ConfigException(`No resolvable bootstrap urls given in ${configName}`);
  return out;
}

/** The listener `PLAINTEXT://host:port` of a broker: its security protocol prefix, host and port. */
export interface Endpoint extends HostPort {
  listenerName: string;
}

/**
 * Parses `listeners` / `advertised.listeners` ("PLAINTEXT://hadoop102:9092,..."); an empty host (PLAINTEXT://:9092)
 * means the default host, given by the caller. Kafka: "Unable to parse <entry> to a broker endpoint".
 */
export function parseListeners(value: string, defaultHost: string): Endpoint[] {
  const out: Endpoint[] = [];
  for (const entry of value.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const m = /^([A-Za-z0-9_]+):\/\/\[?([0-9a-zA-Z\-%._:]*?)\]?:(-?[0-9]+)$/.exec(entry);
    if (m === null) throw new KafkaException(`Unable to parse ${entry} to a broker endpoint`);
    out.push({ listenerName: m[1].toUpperCase(), host: m[2] === "" || m[2] === "0.0.0.0" ? defaultHost : m[2], port: Number(m[3]) });
  }
  return out;
}
