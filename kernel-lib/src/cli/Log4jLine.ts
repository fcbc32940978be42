// Kafka's tools log through log4j with config/tools-log4j.properties: to stderr, pattern `[%d] %p %m (%c)%n`,
// e.g. `[2023-11-14 22:13:20,000] WARN ... (org.apache.kafka.clients.NetworkClient)`. Times here are the
// runtime's clock, printed in UTC so stored notebook outputs do not depend on the machine's time zone.

/** log4j's ISO8601 date: `yyyy-MM-dd HH:mm:ss,SSS`. */
export function log4jDate(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())},${p(d.getUTCMilliseconds(), 3)}`;
}

/** One log line as the tools print it (with its trailing newline). */
export function log4jLine(epochMs: number, level: string, message: string, logger: string): string {
  return `[${log4jDate(epochMs)}] ${level} ${message} (${logger})\n`;
}
