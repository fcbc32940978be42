// What a partition leader knows about one follower replica (kafka.cluster.Replica): its log end offset and log start
// offset as reported by its fetches, and when it was last caught up — the input of the ISR rules (§8.2, §8.3).

/** UnifiedLog.UnknownOffset: a follower that has not fetched since this broker became leader. */
export const UNKNOWN_OFFSET = -1;

export class Replica {
  /** The follower's LEO = the fetch offset of its latest fetch. */
  logEndOffset = UNKNOWN_OFFSET;
  logStartOffset = UNKNOWN_OFFSET;
  /** The leader's LEO at the follower's previous fetch. */
  lastFetchLeaderLogEndOffset = 0;
  lastFetchTimeMs = 0;
  /** The last time the follower was known to have reached the leader's LEO. */
  lastCaughtUpTimeMs = 0;

  constructor(readonly brokerId: number) {}

  /**
   * Replica.updateFetchStateOrThrow: record a fetch at `fetchOffset`. The follower counts as caught up at this
   * fetch if it asked for the leader's LEO, or at the previous fetch if it has now reached the LEO the leader had
   * then (so a follower that keeps up with a busy leader is never "behind").
   */
  updateFetchState(fetchOffset: number, followerStartOffset: number, fetchTimeMs: number, leaderEndOffset: number): void {
    if (fetchOffset >= leaderEndOffset) this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, fetchTimeMs);
    else if (fetchOffset >= this.lastFetchLeaderLogEndOffset) this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    this.logStartOffset = followerStartOffset;
    this.logEndOffset = fetchOffset;
    this.lastFetchLeaderLogEndOffset = leaderEndOffset;
    this.lastFetchTimeMs = fetchTimeMs;
  }

  /**
   * Replica.resetReplicaState, when this broker becomes leader: the follower's LEO is unknown until it fetches; an
   * ISR member counts as caught up now (it gets a full lag period), others as never.
   */
  resetReplicaState(currentTimeMs: number, leaderEndOffset: number, isNewLeader: boolean, isFollowerInSync: boolean): void {
    if (isNewLeader) {
      this.lastCaughtUpTimeMs = isFollowerInSync ? currentTimeMs : 0;
      this.logEndOffset = UNKNOWN_OFFSET;
      this.logStartOffset = UNKNOWN_OFFSET;
    }
    this.lastFetchLeaderLogEndOffset = leaderEndOffset;
    this.lastFetchTimeMs = currentTimeMs;
  }

  /** ReplicaState.isCaughtUp: at the leader's LEO, or caught up within replica.lag.time.max.ms. */
  isCaughtUp(leaderEndOffset: number, currentTimeMs: number, replicaMaxLagMs: number): boolean {
    return leaderEndOffset === this.logEndOffset || currentTimeMs - this.lastCaughtUpTimeMs <= replicaMaxLagMs;
  }

  toString(): string {
    return `Replica(replicaId=${this.brokerId}, logStartOffset=${this.logStartOffset}, logEndOffset=${this.logEndOffset}, ` +
      `lastCaughtUpTimeMs=${this.lastCaughtUpTimeMs})`;
  }
}
