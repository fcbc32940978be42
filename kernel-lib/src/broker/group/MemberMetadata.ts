// One member of a classic group (kafka.coordinator.group.MemberMetadata): its ids, timeouts, the protocols
// (assignors) it supports in preference order with their metadata (the consumer's subscription), its assignment,
// and the parked JoinGroup/SyncGroup callbacks while a rebalance is in progress.
import { IllegalArgumentException } from "../../sim/errors";
import type { JoinCallback, SyncCallback } from "./GroupResults";

export interface Protocol {
  name: string;
  metadata: Buffer;
}

/** What DescribeGroups shows for a member (MemberSummary). */
export interface MemberSummary {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

const EMPTY = Buffer.alloc(0);

export class MemberMetadata {
  assignment: Buffer = EMPTY;
  awaitingJoinCallback: JoinCallback | null = null;
  awaitingSyncCallback: SyncCallback | null = null;
  /** Joined in the current rebalance and not yet given a generation (expires after NewMemberJoinTimeoutMs). */
  isNew = false;
  heartbeatSatisfied = false;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public supportedProtocols: Protocol[],
  ) {}

  get isStaticMember(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoinCallback !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSyncCallback !== null;
  }

  /**
   * MemberMetadata.hasSatisfiedHeartbeat: a new member must heartbeat (it may expire while joining); a member parked
   * in JoinGroup or SyncGroup counts as alive; otherwise the next heartbeat is required.
   */
  get hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return this.heartbeatSatisfied;
    if (this.isAwaitingJoin || this.isAwaitingSync) return true;
    return this.heartbeatSatisfied;
  }

  /** The metadata sent with a protocol (IllegalArgumentException if the member does not support it). */
  metadata(protocol: string): Buffer {
    const p = this.supportedProtocols.find((x) => x.name === protocol);
    if (p === undefined) throw new IllegalArgumentException("Member does not support protocol");
    return p.metadata;
  }

  /** MemberMetadata.matches: same protocols, same order, same metadata bytes. */
  matches(protocols: readonly Protocol[]): boolean {
    if (protocols.length !== this.supportedProtocols.length) return false;
    for (let i = 0; i < protocols.length; i++) {
      const a = protocols[i]!;
      const b = this.supportedProtocols[i]!;
      if (a.name !== b.name || !a.metadata.equals(b.metadata)) return false;
    }
    return true;
  }

  /** MemberMetadata.vote: the first of this member's protocols (by preference) that every member supports. */
  vote(candidates: ReadonlySet<string>): string {
    const p = this.supportedProtocols.find((x) => candidates.has(x.name));
    if (p === undefined) throw new IllegalArgumentException("Member does not support any of the candidate protocols");
    return p.name;
  }

  summary(protocol: string): MemberSummary {
    return { memberId: this.memberId, groupInstanceId: this.groupInstanceId, clientId: this.clientId, clientHost: this.clientHost,
      metadata: this.metadata(protocol), assignment: this.assignment };
  }

  summaryNoMetadata(): MemberSummary {
    return { memberId: this.memberId, groupInstanceId: this.groupInstanceId, clientId: this.clientId, clientHost: this.clientHost,
      metadata: EMPTY, assignment: EMPTY };
  }

  toString(): string {
    return `MemberMetadata(memberId=${this.memberId}, groupInstanceId=${this.groupInstanceId ?? "None"}, clientId=${this.clientId}, ` +
      `clientHost=${this.clientHost}, sessionTimeoutMs=${this.sessionTimeoutMs}, rebalanceTimeoutMs=${this.rebalanceTimeoutMs}, ` +
      `supportedProtocols=List(${this.supportedProtocols.map((p) => p.name).join(", ")}))`;
  }
}
