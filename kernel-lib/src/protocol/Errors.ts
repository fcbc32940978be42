// org.apache.kafka.common.protocol.Errors: every error code a Kafka 3.9 broker can send, with Kafka's name for it
// and the exception class that stands for it; the class (ApiExceptions.ts) holds Kafka's default message, word
// for word from Errors.java. Retriable = the exception extends RetriableException: the "Retriable" column of
// Kafka's protocol guide.
import { ApiException, RetriableException, errorCodeOf } from "./ApiException";
import * as X from "./ApiExceptions";
import { KafkaException } from "./KafkaException";

type ExceptionClass = new (message?: string, options?: { cause?: unknown }) => ApiException;

export class Errors {
  private static readonly byCode = new Map<number, Errors>();
  private static readonly byClass = new Map<unknown, Errors>();
  private static readonly all: Errors[] = [];

  private readonly defaultMessage: string | null;

  private constructor(
    /** Kafka's enum name, e.g. "NOT_ENOUGH_REPLICAS". */
    readonly name: string,
    /** The int16 error code carried in responses. */
    readonly code: number,
    private readonly exceptionClass: ExceptionClass | null,
  ) {
    this.defaultMessage = null;
    if (exceptionClass) {
      const declared = errorCodeOf(exceptionClass);
      if (declared?.code !== code) throw new Error(`${name}: ${(exceptionClass.prototype as Error).name} declares code ${declared?.code}, not ${code}`);
      this.defaultMessage = declared.defaultMessage;
      Errors.byClass.set(exceptionClass, this);
    }
    Errors.byCode.set(code, this);
    Errors.all.push(this);
  }

  static readonly UNKNOWN_SERVER_ERROR = new Errors("UNKNOWN_SERVER_ERROR", -1, X.UnknownServerException);
  static readonly NONE = new Errors("NONE", 0, null);
  static readonly OFFSET_OUT_OF_RANGE = new Errors("OFFSET_OUT_OF_RANGE", 1, X.OffsetOutOfRangeException);
  static readonly CORRUPT_MESSAGE = new Errors("CORRUPT_MESSAGE", 2, X.CorruptRecordException);
  static readonly UNKNOWN_TOPIC_OR_PARTITION = new Errors("UNKNOWN_TOPIC_OR_PARTITION", 3, X.UnknownTopicOrPartitionException);
  static readonly INVALID_FETCH_SIZE = new Errors("INVALID_FETCH_SIZE", 4, X.InvalidFetchSizeException);
  static readonly LEADER_NOT_AVAILABLE = new Errors("LEADER_NOT_AVAILABLE", 5, X.LeaderNotAvailableException);
  static readonly NOT_LEADER_OR_FOLLOWER = new Errors("NOT_LEADER_OR_FOLLOWER", 6, X.NotLeaderOrFollowerException);
  static readonly REQUEST_TIMED_OUT = new Errors("REQUEST_TIMED_OUT", 7, X.TimeoutException);
  static readonly BROKER_NOT_AVAILABLE = new Errors("BROKER_NOT_AVAILABLE", 8, X.BrokerNotAvailableException);
  static readonly REPLICA_NOT_AVAILABLE = new Errors("REPLICA_NOT_AVAILABLE", 9, X.ReplicaNotAvailableException);
  static readonly MESSAGE_TOO_LARGE = new Errors("MESSAGE_TOO_LARGE", 10, X.RecordTooLargeException);
  static readonly STALE_CONTROLLER_EPOCH = new Errors("STALE_CONTROLLER_EPOCH", 11, X.ControllerMovedException);
  static readonly OFFSET_METADATA_TOO_LARGE = new Errors("OFFSET_METADATA_TOO_LARGE", 12, X.OffsetMetadataTooLarge);
  static readonly NETWORK_EXCEPTION = new Errors("NETWORK_EXCEPTION", 13, X.NetworkException);
  static readonly COORDINATOR_LOAD_IN_PROGRESS = new Errors("COORDINATOR_LOAD_IN_PROGRESS", 14, X.CoordinatorLoadInProgressException);
  static readonly COORDINATOR_NOT_AVAILABLE = new Errors("COORDINATOR_NOT_AVAILABLE", 15, X.CoordinatorNotAvailableException);
  static readonly NOT_COORDINATOR = new Errors("NOT_COORDINATOR", 16, X.NotCoordinatorException);
  static readonly INVALID_TOPIC_EXCEPTION = new Errors("INVALID_TOPIC_EXCEPTION", 17, X.InvalidTopicException);
  static readonly RECORD_LIST_TOO_LARGE = new Errors("RECORD_LIST_TOO_LARGE", 18, X.RecordBatchTooLargeException);
  static readonly NOT_ENOUGH_REPLICAS = new Errors("NOT_ENOUGH_REPLICAS", 19, X.NotEnoughReplicasException);
  static readonly NOT_ENOUGH_REPLICAS_AFTER_APPEND = new Errors("NOT_ENOUGH_REPLICAS_AFTER_APPEND", 20, X.NotEnoughReplicasAfterAppendException);
  static readonly INVALID_REQUIRED_ACKS = new Errors("INVALID_REQUIRED_ACKS", 21, X.InvalidRequiredAcksException);
  static readonly ILLEGAL_GENERATION = new Errors("ILLEGAL_GENERATION", 22, X.IllegalGenerationException);
  static readonly INCONSISTENT_GROUP_PROTOCOL = new Errors("INCONSISTENT_GROUP_PROTOCOL", 23, X.InconsistentGroupProtocolException);
  static readonly INVALID_GROUP_ID = new Errors("INVALID_GROUP_ID", 24, X.InvalidGroupIdException);
  static readonly UNKNOWN_MEMBER_ID = new Errors("UNKNOWN_MEMBER_ID", 25, X.UnknownMemberIdException);
  static readonly INVALID_SESSION_TIMEOUT = new Errors("INVALID_SESSION_TIMEOUT", 26, X.InvalidSessionTimeoutException);
  static readonly REBALANCE_IN_PROGRESS = new Errors("REBALANCE_IN_PROGRESS", 27, X.RebalanceInProgressException);
  static readonly INVALID_COMMIT_OFFSET_SIZE = new Errors("INVALID_COMMIT_OFFSET_SIZE", 28, X.InvalidCommitOffsetSizeException);
  static readonly TOPIC_AUTHORIZATION_FAILED = new Errors("TOPIC_AUTHORIZATION_FAILED", 29, X.TopicAuthorizationException);
  static readonly GROUP_AUTHORIZATION_FAILED = new Errors("GROUP_AUTHORIZATION_FAILED", 30, X.GroupAuthorizationException);
  static readonly CLUSTER_AUTHORIZATION_FAILED = new Errors("CLUSTER_AUTHORIZATION_FAILED", 31, X.ClusterAuthorizationException);
  static readonly INVALID_TIMESTAMP = new Errors("INVALID_TIMESTAMP", 32, X.InvalidTimestampException);
  static readonly UNSUPPORTED_SASL_MECHANISM = new Errors("UNSUPPORTED_SASL_MECHANISM", 33, X.UnsupportedSaslMechanismException);
  static readonly ILLEGAL_SASL_STATE = new Errors("ILLEGAL_SASL_STATE", 34, X.IllegalSaslStateException);
  static readonly UNSUPPORTED_VERSION = new Errors("UNSUPPORTED_VERSION", 35, X.UnsupportedVersionException);
  static readonly TOPIC_ALREADY_EXISTS = new Errors("TOPIC_ALREADY_EXISTS", 36, X.TopicExistsException);
  static readonly INVALID_PARTITIONS = new Errors("INVALID_PARTITIONS", 37, X.InvalidPartitionsException);
  static readonly INVALID_REPLICATION_FACTOR = new Errors("INVALID_REPLICATION_FACTOR", 38, X.InvalidReplicationFactorException);
  static readonly INVALID_REPLICA_ASSIGNMENT = new Errors("INVALID_REPLICA_ASSIGNMENT", 39, X.InvalidReplicaAssignmentException);
  static readonly INVALID_CONFIG = new Errors("INVALID_CONFIG", 40, X.InvalidConfigurationException);
  static readonly NOT_CONTROLLER = new Errors("NOT_CONTROLLER", 41, X.NotControllerException);
  static readonly INVALID_REQUEST = new Errors("INVALID_REQUEST", 42, X.InvalidRequestException);
  static readonly UNSUPPORTED_FOR_MESSAGE_FORMAT = new Errors("UNSUPPORTED_FOR_MESSAGE_FORMAT", 43, X.UnsupportedForMessageFormatException);
  static readonly POLICY_VIOLATION = new Errors("POLICY_VIOLATION", 44, X.PolicyViolationException);
  static readonly OUT_OF_ORDER_SEQUENCE_NUMBER = new Errors("OUT_OF_ORDER_SEQUENCE_NUMBER", 45, X.OutOfOrderSequenceException);
  static readonly DUPLICATE_SEQUENCE_NUMBER = new Errors("DUPLICATE_SEQUENCE_NUMBER", 46, X.DuplicateSequenceException);
  static readonly INVALID_PRODUCER_EPOCH = new Errors("INVALID_PRODUCER_EPOCH", 47, X.InvalidProducerEpochException);
  static readonly INVALID_TXN_STATE = new Errors("INVALID_TXN_STATE", 48, X.InvalidTxnStateException);
  static readonly INVALID_PRODUCER_ID_MAPPING = new Errors("INVALID_PRODUCER_ID_MAPPING", 49, X.InvalidPidMappingException);
  static readonly INVALID_TRANSACTION_TIMEOUT = new Errors("INVALID_TRANSACTION_TIMEOUT", 50, X.InvalidTxnTimeoutException);
  static readonly CONCURRENT_TRANSACTIONS = new Errors("CONCURRENT_TRANSACTIONS", 51, X.ConcurrentTransactionsException);
  static readonly TRANSACTION_COORDINATOR_FENCED = new Errors("TRANSACTION_COORDINATOR_FENCED", 52, X.TransactionCoordinatorFencedException);
  static readonly TRANSACTIONAL_ID_AUTHORIZATION_FAILED = new Errors("TRANSACTIONAL_ID_AUTHORIZATION_FAILED", 53, X.TransactionalIdAuthorizationException);
  static readonly SECURITY_DISABLED = new Errors("SECURITY_DISABLED", 54, X.SecurityDisabledException);
  static readonly OPERATION_NOT_ATTEMPTED = new Errors("OPERATION_NOT_ATTEMPTED", 55, X.OperationNotAttemptedException);
  static readonly KAFKA_STORAGE_ERROR = new Errors("KAFKA_STORAGE_ERROR", 56, X.KafkaStorageException);
  static readonly LOG_DIR_NOT_FOUND = new Errors("LOG_DIR_NOT_FOUND", 57, X.LogDirNotFoundException);
  static readonly SASL_AUTHENTICATION_FAILED = new Errors("SASL_AUTHENTICATION_FAILED", 58, X.SaslAuthenticationException);
  static readonly UNKNOWN_PRODUCER_ID = new Errors("UNKNOWN_PRODUCER_ID", 59, X.UnknownProducerIdException);
  static readonly REASSIGNMENT_IN_PROGRESS = new Errors("REASSIGNMENT_IN_PROGRESS", 60, X.ReassignmentInProgressException);
  static readonly DELEGATION_TOKEN_AUTH_DISABLED = new Errors("DELEGATION_TOKEN_AUTH_DISABLED", 61, X.DelegationTokenDisabledException);
  static readonly DELEGATION_TOKEN_NOT_FOUND = new Errors("DELEGATION_TOKEN_NOT_FOUND", 62, X.DelegationTokenNotFoundException);
  static readonly DELEGATION_TOKEN_OWNER_MISMATCH = new Errors("DELEGATION_TOKEN_OWNER_MISMATCH", 63, X.DelegationTokenOwnerMismatchException);
  static readonly DELEGATION_TOKEN_REQUEST_NOT_ALLOWED = new Errors("DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", 64, X.UnsupportedByAuthenticationException);
  static readonly DELEGATION_TOKEN_AUTHORIZATION_FAILED = new Errors("DELEGATION_TOKEN_AUTHORIZATION_FAILED", 65, X.DelegationTokenAuthorizationException);
  static readonly DELEGATION_TOKEN_EXPIRED = new Errors("DELEGATION_TOKEN_EXPIRED", 66, X.DelegationTokenExpiredException);
  static readonly INVALID_PRINCIPAL_TYPE = new Errors("INVALID_PRINCIPAL_TYPE", 67, X.InvalidPrincipalTypeException);
  static readonly NON_EMPTY_GROUP = new Errors("NON_EMPTY_GROUP", 68, X.GroupNotEmptyException);
  static readonly GROUP_ID_NOT_FOUND = new Errors("GROUP_ID_NOT_FOUND", 69, X.GroupIdNotFoundException);
  static readonly FETCH_SESSION_ID_NOT_FOUND = new Errors("FETCH_SESSION_ID_NOT_FOUND", 70, X.FetchSessionIdNotFoundException);
  static readonly INVALID_FETCH_SESSION_EPOCH = new Errors("INVALID_FETCH_SESSION_EPOCH", 71, X.InvalidFetchSessionEpochException);
  static readonly LISTENER_NOT_FOUND = new Errors("LISTENER_NOT_FOUND", 72, X.ListenerNotFoundException);
  static readonly TOPIC_DELETION_DISABLED = new Errors("TOPIC_DELETION_DISABLED", 73, X.TopicDeletionDisabledException);
  static readonly FENCED_LEADER_EPOCH = new Errors("FENCED_LEADER_EPOCH", 74, X.FencedLeaderEpochException);
  static readonly UNKNOWN_LEADER_EPOCH = new Errors("UNKNOWN_LEADER_EPOCH", 75, X.UnknownLeaderEpochException);
  static readonly UNSUPPORTED_COMPRESSION_TYPE = new Errors("UNSUPPORTED_COMPRESSION_TYPE", 76, X.UnsupportedCompressionTypeException);
  static readonly STALE_BROKER_EPOCH = new Errors("STALE_BROKER_EPOCH", 77, X.StaleBrokerEpochException);
  static readonly OFFSET_NOT_AVAILABLE = new Errors("OFFSET_NOT_AVAILABLE", 78, X.OffsetNotAvailableException);
  static readonly MEMBER_ID_REQUIRED = new Errors("MEMBER_ID_REQUIRED", 79, X.MemberIdRequiredException);
  static readonly PREFERRED_LEADER_NOT_AVAILABLE = new Errors("PREFERRED_LEADER_NOT_AVAILABLE", 80, X.PreferredLeaderNotAvailableException);
  static readonly GROUP_MAX_SIZE_REACHED = new Errors("GROUP_MAX_SIZE_REACHED", 81, X.GroupMaxSizeReachedException);
  static readonly FENCED_INSTANCE_ID = new Errors("FENCED_INSTANCE_ID", 82, X.FencedInstanceIdException);
  static readonly ELIGIBLE_LEADERS_NOT_AVAILABLE = new Errors("ELIGIBLE_LEADERS_NOT_AVAILABLE", 83, X.EligibleLeadersNotAvailableException);
  static readonly ELECTION_NOT_NEEDED = new Errors("ELECTION_NOT_NEEDED", 84, X.ElectionNotNeededException);
  static readonly NO_REASSIGNMENT_IN_PROGRESS = new Errors("NO_REASSIGNMENT_IN_PROGRESS", 85, X.NoReassignmentInProgressException);
  static readonly GROUP_SUBSCRIBED_TO_TOPIC = new Errors("GROUP_SUBSCRIBED_TO_TOPIC", 86, X.GroupSubscribedToTopicException);
  static readonly INVALID_RECORD = new Errors("INVALID_RECORD", 87, X.InvalidRecordException);
  static readonly UNSTABLE_OFFSET_COMMIT = new Errors("UNSTABLE_OFFSET_COMMIT", 88, X.UnstableOffsetCommitException);
  static readonly THROTTLING_QUOTA_EXCEEDED = new Errors("THROTTLING_QUOTA_EXCEEDED", 89, X.ThrottlingQuotaExceededException);
  static readonly PRODUCER_FENCED = new Errors("PRODUCER_FENCED", 90, X.ProducerFencedException);
  static readonly RESOURCE_NOT_FOUND = new Errors("RESOURCE_NOT_FOUND", 91, X.ResourceNotFoundException);
  static readonly DUPLICATE_RESOURCE = new Errors("DUPLICATE_RESOURCE", 92, X.DuplicateResourceException);
  static readonly UNACCEPTABLE_CREDENTIAL = new Errors("UNACCEPTABLE_CREDENTIAL", 93, X.UnacceptableCredentialException);
  static readonly INCONSISTENT_VOTER_SET = new Errors("INCONSISTENT_VOTER_SET", 94, X.InconsistentVoterSetException);
  static readonly INVALID_UPDATE_VERSION = new Errors("INVALID_UPDATE_VERSION", 95, X.InvalidUpdateVersionException);
  static readonly FEATURE_UPDATE_FAILED = new Errors("FEATURE_UPDATE_FAILED", 96, X.FeatureUpdateFailedException);
  static readonly PRINCIPAL_DESERIALIZATION_FAILURE = new Errors("PRINCIPAL_DESERIALIZATION_FAILURE", 97, X.PrincipalDeserializationException);
  static readonly SNAPSHOT_NOT_FOUND = new Errors("SNAPSHOT_NOT_FOUND", 98, X.SnapshotNotFoundException);
  static readonly POSITION_OUT_OF_RANGE = new Errors("POSITION_OUT_OF_RANGE", 99, X.PositionOutOfRangeException);
  static readonly UNKNOWN_TOPIC_ID = new Errors("UNKNOWN_TOPIC_ID", 100, X.UnknownTopicIdException);
  static readonly DUPLICATE_BROKER_REGISTRATION = new Errors("DUPLICATE_BROKER_REGISTRATION", 101, X.DuplicateBrokerRegistrationException);
  static readonly BROKER_ID_NOT_REGISTERED = new Errors("BROKER_ID_NOT_REGISTERED", 102, X.BrokerIdNotRegisteredException);
  static readonly INCONSISTENT_TOPIC_ID = new Errors("INCONSISTENT_TOPIC_ID", 103, X.InconsistentTopicIdException);
  static readonly INCONSISTENT_CLUSTER_ID = new Errors("INCONSISTENT_CLUSTER_ID", 104, X.InconsistentClusterIdException);
  static readonly TRANSACTIONAL_ID_NOT_FOUND = new Errors("TRANSACTIONAL_ID_NOT_FOUND", 105, X.TransactionalIdNotFoundException);
  static readonly FETCH_SESSION_TOPIC_ID_ERROR = new Errors("FETCH_SESSION_TOPIC_ID_ERROR", 106, X.FetchSessionTopicIdException);
  static readonly INELIGIBLE_REPLICA = new Errors("INELIGIBLE_REPLICA", 107, X.IneligibleReplicaException);
  static readonly NEW_LEADER_ELECTED = new Errors("NEW_LEADER_ELECTED", 108, X.NewLeaderElectedException);
  static readonly OFFSET_MOVED_TO_TIERED_STORAGE = new Errors("OFFSET_MOVED_TO_TIERED_STORAGE", 109, X.OffsetMovedToTieredStorageException);
  static readonly FENCED_MEMBER_EPOCH = new Errors("FENCED_MEMBER_EPOCH", 110, X.FencedMemberEpochException);
  static readonly UNRELEASED_INSTANCE_ID = new Errors("UNRELEASED_INSTANCE_ID", 111, X.UnreleasedInstanceIdException);
  static readonly UNSUPPORTED_ASSIGNOR = new Errors("UNSUPPORTED_ASSIGNOR", 112, X.UnsupportedAssignorException);
  static readonly STALE_MEMBER_EPOCH = new Errors("STALE_MEMBER_EPOCH", 113, X.StaleMemberEpochException);
  static readonly MISMATCHED_ENDPOINT_TYPE = new Errors("MISMATCHED_ENDPOINT_TYPE", 114, X.MismatchedEndpointTypeException);
  static readonly UNSUPPORTED_ENDPOINT_TYPE = new Errors("UNSUPPORTED_ENDPOINT_TYPE", 115, X.UnsupportedEndpointTypeException);
  static readonly UNKNOWN_CONTROLLER_ID = new Errors("UNKNOWN_CONTROLLER_ID", 116, X.UnknownControllerIdException);
  static readonly UNKNOWN_SUBSCRIPTION_ID = new Errors("UNKNOWN_SUBSCRIPTION_ID", 117, X.UnknownSubscriptionIdException);
  static readonly TELEMETRY_TOO_LARGE = new Errors("TELEMETRY_TOO_LARGE", 118, X.TelemetryTooLargeException);
  static readonly INVALID_REGISTRATION = new Errors("INVALID_REGISTRATION", 119, X.InvalidRegistrationException);
  static readonly TRANSACTION_ABORTABLE = new Errors("TRANSACTION_ABORTABLE", 120, X.TransactionAbortableException);
  static readonly INVALID_RECORD_STATE = new Errors("INVALID_RECORD_STATE", 121, X.InvalidRecordStateException);
  static readonly SHARE_SESSION_NOT_FOUND = new Errors("SHARE_SESSION_NOT_FOUND", 122, X.ShareSessionNotFoundException);
  static readonly INVALID_SHARE_SESSION_EPOCH = new Errors("INVALID_SHARE_SESSION_EPOCH", 123, X.InvalidShareSessionEpochException);
  static readonly FENCED_STATE_EPOCH = new Errors("FENCED_STATE_EPOCH", 124, X.FencedStateEpochException);
  static readonly INVALID_VOTER_KEY = new Errors("INVALID_VOTER_KEY", 125, X.InvalidVoterKeyException);
  static readonly DUPLICATE_VOTER = new Errors("DUPLICATE_VOTER", 126, X.DuplicateVoterException);
  static readonly VOTER_NOT_FOUND = new Errors("VOTER_NOT_FOUND", 127, X.VoterNotFoundException);

  /** Kafka's default description; for NONE, its name (as Errors.message() answers). */
  get message(): string {
    return this.defaultMessage ?? this.name;
  }

  /** The exception class name (Kafka: exceptionName() without the package), or null for NONE. */
  get exceptionName(): string | null {
    return this.exceptionClass ? (this.exceptionClass.prototype as Error).name : null;
  }

  /** Whether a client may retry: the exception is a RetriableException. */
  get retriable(): boolean {
    return this.exceptionClass !== null && this.exceptionClass.prototype instanceof RetriableException;
  }

  /**
   * A new exception for this error, with the given message or Kafka's default one.
   * Kafka returns null for NONE; here NONE has no exception to give, so asking for one is a bug and throws.
   */
  exception(message?: string | null): ApiException {
    if (!this.exceptionClass) throw new KafkaException("Errors.NONE has no exception");
    return new this.exceptionClass(message ?? this.message);
  }

  /** Throws this error's exception, unless this is NONE. */
  maybeThrow(message?: string | null): void {
    if (this.exceptionClass) throw this.exception(message);
  }

  toString(): string {
    return this.name;
  }

  /** The error for a code; an unknown code maps to UNKNOWN_SERVER_ERROR as in Kafka. */
  static forCode(code: number): Errors {
    return Errors.byCode.get(code) ?? Errors.UNKNOWN_SERVER_ERROR;
  }

  /** The error for an exception (nearest registered class up its prototype chain), else UNKNOWN_SERVER_ERROR. */
  static forException(err: unknown): Errors {
    if (err === null || typeof err !== "object") return Errors.UNKNOWN_SERVER_ERROR;
    for (let p = Object.getPrototypeOf(err) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
      const e = Errors.byClass.get((p as { constructor?: unknown }).constructor);
      if (e) return e;
    }
    return Errors.UNKNOWN_SERVER_ERROR;
  }

  /** All errors in code order as Kafka declares them (UNKNOWN_SERVER_ERROR first, then NONE, 1, 2, ...). */
  static values(): readonly Errors[] {
    return Errors.all;
  }
}
