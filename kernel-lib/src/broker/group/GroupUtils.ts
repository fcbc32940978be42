// java.util.UUID.toString for the group coordinator: member ids are `clientId-<java UUID>`, not Kafka's base64
// Uuid. (String.hashCode and Utils.abs, which place a group on its coordinator, are in protocol/Utils.)
import type { SeededRandom } from "../../sim/SeededRandom";

/** java.util.UUID.randomUUID().toString() drawn from the runtime's seeded random: 8-4-4-4-12 lower-case hex. */
export function randomJavaUuidString(random: SeededRandom): string {
  const hex = random.uuid().toBytes().toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
