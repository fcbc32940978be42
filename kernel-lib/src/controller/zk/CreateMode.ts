// org.apache.zookeeper.CreateMode: how a znode lives. Ephemeral nodes die with the session that made them
// (that is how /brokers/ids/<id> and /controller disappear when a broker dies); sequential nodes get a
// 10-digit counter appended by the server (/isr_change_notification/isr_change_0000000000).

export const CreateMode = {
  PERSISTENT: "PERSISTENT",
  PERSISTENT_SEQUENTIAL: "PERSISTENT_SEQUENTIAL",
  EPHEMERAL: "EPHEMERAL",
  EPHEMERAL_SEQUENTIAL: "EPHEMERAL_SEQUENTIAL",
} as const;
export type CreateMode = (typeof CreateMode)[keyof typeof CreateMode];

export function isEphemeral(mode: CreateMode): boolean {
  return mode === CreateMode.EPHEMERAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}

export function isSequential(mode: CreateMode): boolean {
  return mode === CreateMode.PERSISTENT_SEQUENTIAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}
