// java.util.Date.toString, as Kafka's and ZooKeeper's files and tools print dates (meta.properties' date
// comment, zookeeper-shell's ctime/mtime). Always printed in UTC, whatever the host's time zone, and the time is
// a runtime-clock value passed in, so outputs stay deterministic.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => String(n).padStart(2, "0");

/** java.util.Date.toString() in UTC: `Tue Nov 14 22:13:20 UTC 2023`. */
export function javaDateString(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:` +
    `${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
