// What the coordinator hands back to the request handlers (JoinGroupResult, SyncGroupResult, LeaveMemberResponse in
// GroupCoordinator.scala). Errors are Kafka's Errors values; GroupApis turns them into response bodies.
import { Errors } from "../../protocol/Errors";

export interface JoinGroupResultMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  /** Every member's subscription: filled for the leader only. */
  members: JoinGroupResultMember[];
  memberId: string;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string;
  skipAssignment: boolean;
  error: Errors;
}

export type JoinCallback = (result: JoinGroupResult) => void;

/** GroupCoordinator.NoGeneration / NoLeader */
export const NO_GENERATION = -1;
export const NO_LEADER = "";
/** JoinGroupRequest.UNKNOWN_MEMBER_ID */
export const UNKNOWN_MEMBER_ID = "";

/** JoinGroupResult(memberId, error) */
export function joinError(memberId: string, error: Errors): JoinGroupResult {
  return { members: [], memberId, generationId: NO_GENERATION, protocolType: null, protocolName: null, leaderId: NO_LEADER, skipAssignment: false, error };
}

export interface SyncGroupResult {
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
  error: Errors;
}

export type SyncCallback = (result: SyncGroupResult) => void;

const EMPTY = Buffer.alloc(0);

/** SyncGroupResult(error) */
export function syncError(error: Errors): SyncGroupResult {
  return { protocolType: null, protocolName: null, assignment: EMPTY, error };
}

export interface LeaveMemberResponse {
  memberId: string;
  groupInstanceId: string | null;
  error: Errors;
}

export interface LeaveGroupResult {
  topLevelError: Errors;
  memberResponses: LeaveMemberResponse[];
}
