// kafka.controller.PartitionLeaderElectionAlgorithms: who becomes leader. Every rule walks the replica
// assignment (AR) in order and takes the first replica that qualifies — AR order, not ISR order.
// `liveReplicas`: the assigned replicas on live brokers (for controlled shutdown: live or shutting down).

/** Offline (broker death, new partitions): first live AR replica in the ISR; unclean: else the first live one. */
export function offlinePartitionLeaderElection(
  assignment: readonly number[], isr: readonly number[], liveReplicas: ReadonlySet<number>, uncleanLeaderElectionEnabled: boolean,
): number | null {
  const clean = assignment.find((id) => liveReplicas.has(id) && isr.includes(id));
  if (clean !== undefined) return clean;
  if (!uncleanLeaderElectionEnabled) return null;
  return assignment.find((id) => liveReplicas.has(id)) ?? null;
}

/** Reassignment: first target replica that is alive and in the ISR. */
export function reassignPartitionLeaderElection(
  reassignment: readonly number[], isr: readonly number[], liveReplicas: ReadonlySet<number>,
): number | null {
  return reassignment.find((id) => liveReplicas.has(id) && isr.includes(id)) ?? null;
}

/** Preferred: the first assigned replica, only if it is alive and in the ISR. */
export function preferredReplicaPartitionLeaderElection(
  assignment: readonly number[], isr: readonly number[], liveReplicas: ReadonlySet<number>,
): number | null {
  const preferred = assignment[0];
  return preferred !== undefined && liveReplicas.has(preferred) && isr.includes(preferred) ? preferred : null;
}

/** Controlled shutdown: first AR replica that is alive, in the ISR and not shutting down. */
export function controlledShutdownPartitionLeaderElection(
  assignment: readonly number[], isr: readonly number[], liveReplicas: ReadonlySet<number>, shuttingDownBrokers: ReadonlySet<number>,
): number | null {
  return assignment.find((id) => liveReplicas.has(id) && isr.includes(id) && !shuttingDownBrokers.has(id)) ?? null;
}
