// Small helpers the group coordinator needs from org.apache.kafka.common.utils.Utils and java.util: Java's
// String.hashCode (UTF-16 code units, int32 overflow), Utils.abs (MIN_VALUE → 0, so it never goes negative) and
// java.util.UUID.toString (member ids are `clientId-<java UUID>`, not Kafka's base64 Uuid). The broker may not import
// clients/, so these live here even if clients/common/Utils.ts has the same two functions.
import type { SeededRandom } from "../../sim/SeededRandom";

/** java.lang.String.hashCode: h = 31*h + c over UTF-16 code units, with int32 overflow. */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Utils.abs: Math.abs except that Integer.MIN_VALUE maps to 0 (Math.abs would overflow to MIN_VALUE in Java). */
export function javaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** java.util.UUID.randomUUID().toString() drawn from the runtime's seeded random: 8-4-4-4-12 lower-case hex. */
export function randomJavaUuidString(random: SeededRandom): string {
  const hex = random.uuid().toBytes().toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
