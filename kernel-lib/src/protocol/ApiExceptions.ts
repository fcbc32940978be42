// The concrete exceptions of org.apache.kafka.common.errors, one per protocol error code, each extending the
// branch Kafka puts it under (RetriableException, InvalidMetadataException, ...), so that
// `err instanceof RetriableException` answers "may I retry?" as in Kafka. Next to each class: its error code and
// Kafka's default message (word for word from Errors.java, Kafka 3.9), used when it is built without a message:
// `new NotEnoughReplicasException().message`. Errors.ts is the code table over these classes.
import { ApiException, AuthenticationException, AuthorizationException, InvalidMetadataException, RetriableException, registerErrorCode as code } from "./ApiException";
import { nameErrorClasses } from "./KafkaException";

/** -1 UNKNOWN_SERVER_ERROR */
export class UnknownServerException extends ApiException {}
code(UnknownServerException, -1, "The server experienced an unexpected error when processing the request.");

/** errors.InvalidOffsetException: an offset that cannot be used (the parent of OffsetOutOfRangeException). */
export class InvalidOffsetException extends ApiException {}

/** 1 OFFSET_OUT_OF_RANGE */
export class OffsetOutOfRangeException extends InvalidOffsetException {}
code(OffsetOutOfRangeException, 1, "The requested offset is not within the range of offsets maintained by the server.");

/** 2 CORRUPT_MESSAGE */
export class CorruptRecordException extends RetriableException {}
code(CorruptRecordException, 2, "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt.");

/** 3 UNKNOWN_TOPIC_OR_PARTITION */
export class UnknownTopicOrPartitionException extends InvalidMetadataException {}
code(UnknownTopicOrPartitionException, 3, "This server does not host this topic-partition.");

/** 4 INVALID_FETCH_SIZE */
export class InvalidFetchSizeException extends ApiException {}
code(InvalidFetchSizeException, 4, "The requested fetch size is invalid.");

/** 5 LEADER_NOT_AVAILABLE */
export class LeaderNotAvailableException extends InvalidMetadataException {}
code(LeaderNotAvailableException, 5, "There is no leader for this topic-partition as we are in the middle of a leadership election.");

/** 6 NOT_LEADER_OR_FOLLOWER */
export class NotLeaderOrFollowerException extends InvalidMetadataException {}
code(NotLeaderOrFollowerException, 6, "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.");

/** 7 REQUEST_TIMED_OUT */
export class TimeoutException extends RetriableException {}
code(TimeoutException, 7, "The request timed out.");

/** 8 BROKER_NOT_AVAILABLE */
export class BrokerNotAvailableException extends ApiException {}
code(BrokerNotAvailableException, 8, "The broker is not available.");

/** 9 REPLICA_NOT_AVAILABLE */
export class ReplicaNotAvailableException extends InvalidMetadataException {}
code(ReplicaNotAvailableException, 9, "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.");

/** 10 MESSAGE_TOO_LARGE */
export class RecordTooLargeException extends ApiException {}
code(RecordTooLargeException, 10, "The request included a message larger than the max message size the server will accept.");

/** 11 STALE_CONTROLLER_EPOCH */
export class ControllerMovedException extends ApiException {}
code(ControllerMovedException, 11, "The controller moved to another broker.");

/** 12 OFFSET_METADATA_TOO_LARGE */
export class OffsetMetadataTooLarge extends ApiException {}
code(OffsetMetadataTooLarge, 12, "The metadata field of the offset request was too large.");

/** 13 NETWORK_EXCEPTION */
export class NetworkException extends InvalidMetadataException {}
code(NetworkException, 13, "The server disconnected before a response was received.");

/** 14 COORDINATOR_LOAD_IN_PROGRESS */
export class CoordinatorLoadInProgressException extends RetriableException {}
code(CoordinatorLoadInProgressException, 14, "The coordinator is loading and hence can't process requests.");

/** 15 COORDINATOR_NOT_AVAILABLE */
export class CoordinatorNotAvailableException extends RetriableException {}
code(CoordinatorNotAvailableException, 15, "The coordinator is not available.");

/** 16 NOT_COORDINATOR */
export class NotCoordinatorException extends RetriableException {}
code(NotCoordinatorException, 16, "This is not the correct coordinator.");

/** 17 INVALID_TOPIC_EXCEPTION */
export class InvalidTopicException extends ApiException {}
code(InvalidTopicException, 17, "The request attempted to perform an operation on an invalid topic.");

/** 18 RECORD_LIST_TOO_LARGE */
export class RecordBatchTooLargeException extends ApiException {}
code(RecordBatchTooLargeException, 18, "The request included message batch larger than the configured segment size on the server.");

/** 19 NOT_ENOUGH_REPLICAS */
export class NotEnoughReplicasException extends RetriableException {}
code(NotEnoughReplicasException, 19, "Messages are rejected since there are fewer in-sync replicas than required.");

/** 20 NOT_ENOUGH_REPLICAS_AFTER_APPEND */
export class NotEnoughReplicasAfterAppendException extends RetriableException {}
code(NotEnoughReplicasAfterAppendException, 20, "Messages are written to the log, but to fewer in-sync replicas than required.");

/** 21 INVALID_REQUIRED_ACKS */
export class InvalidRequiredAcksException extends ApiException {}
code(InvalidRequiredAcksException, 21, "Produce request specified an invalid value for required acks.");

/** 22 ILLEGAL_GENERATION */
export class IllegalGenerationException extends ApiException {}
code(IllegalGenerationException, 22, "Specified group generation id is not valid.");

/** 23 INCONSISTENT_GROUP_PROTOCOL */
export class InconsistentGroupProtocolException extends ApiException {}
code(InconsistentGroupProtocolException, 23, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.");

/** 24 INVALID_GROUP_ID */
export class InvalidGroupIdException extends ApiException {}
code(InvalidGroupIdException, 24, "The configured groupId is invalid.");

/** 25 UNKNOWN_MEMBER_ID */
export class UnknownMemberIdException extends ApiException {}
code(UnknownMemberIdException, 25, "The coordinator is not aware of this member.");

/** 26 INVALID_SESSION_TIMEOUT */
export class InvalidSessionTimeoutException extends ApiException {}
code(InvalidSessionTimeoutException, 26, "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).");

/** 27 REBALANCE_IN_PROGRESS */
export class RebalanceInProgressException extends ApiException {}
code(RebalanceInProgressException, 27, "The group is rebalancing, so a rejoin is needed.");

/** 28 INVALID_COMMIT_OFFSET_SIZE */
export class InvalidCommitOffsetSizeException extends ApiException {}
code(InvalidCommitOffsetSizeException, 28, "The committing offset data size is not valid.");

/** 29 TOPIC_AUTHORIZATION_FAILED */
export class TopicAuthorizationException extends AuthorizationException {}
code(TopicAuthorizationException, 29, "Topic authorization failed.");

/** 30 GROUP_AUTHORIZATION_FAILED */
export class GroupAuthorizationException extends AuthorizationException {}
code(GroupAuthorizationException, 30, "Group authorization failed.");

/** 31 CLUSTER_AUTHORIZATION_FAILED */
export class ClusterAuthorizationException extends AuthorizationException {}
code(ClusterAuthorizationException, 31, "Cluster authorization failed.");

/** 32 INVALID_TIMESTAMP */
export class InvalidTimestampException extends ApiException {}
code(InvalidTimestampException, 32, "The timestamp of the message is out of acceptable range.");

/** 33 UNSUPPORTED_SASL_MECHANISM */
export class UnsupportedSaslMechanismException extends AuthenticationException {}
code(UnsupportedSaslMechanismException, 33, "The broker does not support the requested SASL mechanism.");

/** 34 ILLEGAL_SASL_STATE */
export class IllegalSaslStateException extends AuthenticationException {}
code(IllegalSaslStateException, 34, "Request is not valid given the current SASL state.");

/** 35 UNSUPPORTED_VERSION */
export class UnsupportedVersionException extends ApiException {}
code(UnsupportedVersionException, 35, "The version of API is not supported.");

/** 36 TOPIC_ALREADY_EXISTS */
export class TopicExistsException extends ApiException {}
code(TopicExistsException, 36, "Topic with this name already exists.");

/** 37 INVALID_PARTITIONS */
export class InvalidPartitionsException extends ApiException {}
code(InvalidPartitionsException, 37, "Number of partitions is below 1.");

/** 38 INVALID_REPLICATION_FACTOR */
export class InvalidReplicationFactorException extends ApiException {}
code(InvalidReplicationFactorException, 38, "Replication factor is below 1 or larger than the number of available brokers.");

/** 39 INVALID_REPLICA_ASSIGNMENT */
export class InvalidReplicaAssignmentException extends ApiException {}
code(InvalidReplicaAssignmentException, 39, "Replica assignment is invalid.");

/** 40 INVALID_CONFIG */
export class InvalidConfigurationException extends ApiException {}
code(InvalidConfigurationException, 40, "Configuration is invalid.");

/** 41 NOT_CONTROLLER */
export class NotControllerException extends RetriableException {}
code(NotControllerException, 41, "This is not the correct controller for this cluster.");

/** 42 INVALID_REQUEST */
export class InvalidRequestException extends ApiException {}
code(InvalidRequestException, 42, "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.");

/** 43 UNSUPPORTED_FOR_MESSAGE_FORMAT */
export class UnsupportedForMessageFormatException extends ApiException {}
code(UnsupportedForMessageFormatException, 43, "The message format version on the broker does not support the request.");

/** 44 POLICY_VIOLATION */
export class PolicyViolationException extends ApiException {}
code(PolicyViolationException, 44, "Request parameters do not satisfy the configured policy.");

/** 45 OUT_OF_ORDER_SEQUENCE_NUMBER */
export class OutOfOrderSequenceException extends ApiException {}
code(OutOfOrderSequenceException, 45, "The broker received an out of order sequence number.");

/** 46 DUPLICATE_SEQUENCE_NUMBER */
export class DuplicateSequenceException extends ApiException {}
code(DuplicateSequenceException, 46, "The broker received a duplicate sequence number.");

/** 47 INVALID_PRODUCER_EPOCH */
export class InvalidProducerEpochException extends ApiException {}
code(InvalidProducerEpochException, 47, "Producer attempted to produce with an old epoch.");

/** 48 INVALID_TXN_STATE */
export class InvalidTxnStateException extends ApiException {}
code(InvalidTxnStateException, 48, "The producer attempted a transactional operation in an invalid state.");

/** 49 INVALID_PRODUCER_ID_MAPPING */
export class InvalidPidMappingException extends ApiException {}
code(InvalidPidMappingException, 49, "The producer attempted to use a producer id which is not currently assigned to its transactional id.");

/** 50 INVALID_TRANSACTION_TIMEOUT */
export class InvalidTxnTimeoutException extends ApiException {}
code(InvalidTxnTimeoutException, 50, "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).");

/** 51 CONCURRENT_TRANSACTIONS */
export class ConcurrentTransactionsException extends RetriableException {}
code(ConcurrentTransactionsException, 51, "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.");

/** 52 TRANSACTION_COORDINATOR_FENCED */
export class TransactionCoordinatorFencedException extends ApiException {}
code(TransactionCoordinatorFencedException, 52, "Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer.");

/** 53 TRANSACTIONAL_ID_AUTHORIZATION_FAILED */
export class TransactionalIdAuthorizationException extends AuthorizationException {}
code(TransactionalIdAuthorizationException, 53, "Transactional Id authorization failed.");

/** 54 SECURITY_DISABLED */
export class SecurityDisabledException extends ApiException {}
code(SecurityDisabledException, 54, "Security features are disabled.");

/** 55 OPERATION_NOT_ATTEMPTED */
export class OperationNotAttemptedException extends ApiException {}
code(OperationNotAttemptedException, 55, "The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest.");

/** 56 KAFKA_STORAGE_ERROR */
export class KafkaStorageException extends InvalidMetadataException {}
code(KafkaStorageException, 56, "Disk error when trying to access log file on the disk.");

/** 57 LOG_DIR_NOT_FOUND */
export class LogDirNotFoundException extends ApiException {}
code(LogDirNotFoundException, 57, "The user-specified log directory is not found in the broker config.");

/** 58 SASL_AUTHENTICATION_FAILED */
export class SaslAuthenticationException extends AuthenticationException {}
code(SaslAuthenticationException, 58, "SASL Authentication failed.");

/** 59 UNKNOWN_PRODUCER_ID */
export class UnknownProducerIdException extends OutOfOrderSequenceException {}
code(UnknownProducerIdException, 59, "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception.");

/** 60 REASSIGNMENT_IN_PROGRESS */
export class ReassignmentInProgressException extends ApiException {}
code(ReassignmentInProgressException, 60, "A partition reassignment is in progress.");

/** 61 DELEGATION_TOKEN_AUTH_DISABLED */
export class DelegationTokenDisabledException extends ApiException {}
code(DelegationTokenDisabledException, 61, "Delegation Token feature is not enabled.");

/** 62 DELEGATION_TOKEN_NOT_FOUND */
export class DelegationTokenNotFoundException extends ApiException {}
code(DelegationTokenNotFoundException, 62, "Delegation Token is not found on server.");

/** 63 DELEGATION_TOKEN_OWNER_MISMATCH */
export class DelegationTokenOwnerMismatchException extends ApiException {}
code(DelegationTokenOwnerMismatchException, 63, "Specified Principal is not valid Owner/Renewer.");

/** 64 DELEGATION_TOKEN_REQUEST_NOT_ALLOWED */
export class UnsupportedByAuthenticationException extends ApiException {}
code(UnsupportedByAuthenticationException, 64, "Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.");

/** 65 DELEGATION_TOKEN_AUTHORIZATION_FAILED */
export class DelegationTokenAuthorizationException extends AuthorizationException {}
code(DelegationTokenAuthorizationException, 65, "Delegation Token authorization failed.");

/** 66 DELEGATION_TOKEN_EXPIRED */
export class DelegationTokenExpiredException extends ApiException {}
code(DelegationTokenExpiredException, 66, "Delegation Token is expired.");

/** 67 INVALID_PRINCIPAL_TYPE */
export class InvalidPrincipalTypeException extends ApiException {}
code(InvalidPrincipalTypeException, 67, "Supplied principalType is not supported.");

/** 68 NON_EMPTY_GROUP */
export class GroupNotEmptyException extends ApiException {}
code(GroupNotEmptyException, 68, "The group is not empty.");

/** 69 GROUP_ID_NOT_FOUND */
export class GroupIdNotFoundException extends ApiException {}
code(GroupIdNotFoundException, 69, "The group id does not exist.");

/** 70 FETCH_SESSION_ID_NOT_FOUND */
export class FetchSessionIdNotFoundException extends RetriableException {}
code(FetchSessionIdNotFoundException, 70, "The fetch session ID was not found.");

/** 71 INVALID_FETCH_SESSION_EPOCH */
export class InvalidFetchSessionEpochException extends RetriableException {}
code(InvalidFetchSessionEpochException, 71, "The fetch session epoch is invalid.");

/** 72 LISTENER_NOT_FOUND */
export class ListenerNotFoundException extends InvalidMetadataException {}
code(ListenerNotFoundException, 72, "There is no listener on the leader broker that matches the listener on which metadata request was processed.");

/** 73 TOPIC_DELETION_DISABLED */
export class TopicDeletionDisabledException extends ApiException {}
code(TopicDeletionDisabledException, 73, "Topic deletion is disabled.");

/** 74 FENCED_LEADER_EPOCH */
export class FencedLeaderEpochException extends InvalidMetadataException {}
code(FencedLeaderEpochException, 74, "The leader epoch in the request is older than the epoch on the broker.");

/** 75 UNKNOWN_LEADER_EPOCH */
export class UnknownLeaderEpochException extends InvalidMetadataException {}
code(UnknownLeaderEpochException, 75, "The leader epoch in the request is newer than the epoch on the broker.");

/** 76 UNSUPPORTED_COMPRESSION_TYPE */
export class UnsupportedCompressionTypeException extends ApiException {}
code(UnsupportedCompressionTypeException, 76, "The requesting client does not support the compression type of given partition.");

/** 77 STALE_BROKER_EPOCH */
export class StaleBrokerEpochException extends ApiException {}
code(StaleBrokerEpochException, 77, "Broker epoch has changed.");

/** 78 OFFSET_NOT_AVAILABLE */
export class OffsetNotAvailableException extends RetriableException {}
code(OffsetNotAvailableException, 78, "The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing.");

/** 79 MEMBER_ID_REQUIRED */
export class MemberIdRequiredException extends ApiException {}
code(MemberIdRequiredException, 79, "The group member needs to have a valid member id before actually entering a consumer group.");

/** 80 PREFERRED_LEADER_NOT_AVAILABLE */
export class PreferredLeaderNotAvailableException extends InvalidMetadataException {}
code(PreferredLeaderNotAvailableException, 80, "The preferred leader was not available.");

/** 81 GROUP_MAX_SIZE_REACHED */
export class GroupMaxSizeReachedException extends ApiException {}
code(GroupMaxSizeReachedException, 81, "The consumer group has reached its max size.");

/** 82 FENCED_INSTANCE_ID */
export class FencedInstanceIdException extends ApiException {}
code(FencedInstanceIdException, 82, "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.");

/** 83 ELIGIBLE_LEADERS_NOT_AVAILABLE */
export class EligibleLeadersNotAvailableException extends InvalidMetadataException {}
code(EligibleLeadersNotAvailableException, 83, "Eligible topic partition leaders are not available.");

/** 84 ELECTION_NOT_NEEDED */
export class ElectionNotNeededException extends InvalidMetadataException {}
code(ElectionNotNeededException, 84, "Leader election not needed for topic partition.");

/** 85 NO_REASSIGNMENT_IN_PROGRESS */
export class NoReassignmentInProgressException extends ApiException {}
code(NoReassignmentInProgressException, 85, "No partition reassignment is in progress.");

/** 86 GROUP_SUBSCRIBED_TO_TOPIC */
export class GroupSubscribedToTopicException extends ApiException {}
code(GroupSubscribedToTopicException, 86, "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.");

/** 87 INVALID_RECORD */
export class InvalidRecordException extends ApiException {}
code(InvalidRecordException, 87, "This record has failed the validation on broker and hence will be rejected.");

/** 88 UNSTABLE_OFFSET_COMMIT */
export class UnstableOffsetCommitException extends RetriableException {}
code(UnstableOffsetCommitException, 88, "There are unstable offsets that need to be cleared.");

/** 89 THROTTLING_QUOTA_EXCEEDED */
export class ThrottlingQuotaExceededException extends RetriableException {}
code(ThrottlingQuotaExceededException, 89, "The throttling quota has been exceeded.");

/** 90 PRODUCER_FENCED */
export class ProducerFencedException extends ApiException {}
code(ProducerFencedException, 90, "There is a newer producer with the same transactionalId which fences the current one.");

/** 91 RESOURCE_NOT_FOUND */
export class ResourceNotFoundException extends ApiException {}
code(ResourceNotFoundException, 91, "A request illegally referred to a resource that does not exist.");

/** 92 DUPLICATE_RESOURCE */
export class DuplicateResourceException extends ApiException {}
code(DuplicateResourceException, 92, "A request illegally referred to the same resource twice.");

/** 93 UNACCEPTABLE_CREDENTIAL */
export class UnacceptableCredentialException extends ApiException {}
code(UnacceptableCredentialException, 93, "Requested credential would not meet criteria for acceptability.");

/** 94 INCONSISTENT_VOTER_SET */
export class InconsistentVoterSetException extends ApiException {}
code(InconsistentVoterSetException, 94, "Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters");

/** 95 INVALID_UPDATE_VERSION */
export class InvalidUpdateVersionException extends ApiException {}
code(InvalidUpdateVersionException, 95, "The given update version was invalid.");

/** 96 FEATURE_UPDATE_FAILED */
export class FeatureUpdateFailedException extends ApiException {}
code(FeatureUpdateFailedException, 96, "Unable to update finalized features due to an unexpected server error.");

/** 97 PRINCIPAL_DESERIALIZATION_FAILURE */
export class PrincipalDeserializationException extends ApiException {}
code(PrincipalDeserializationException, 97, "Request principal deserialization failed during forwarding. This indicates an internal error on the broker cluster security setup.");

/** 98 SNAPSHOT_NOT_FOUND */
export class SnapshotNotFoundException extends ApiException {}
code(SnapshotNotFoundException, 98, "Requested snapshot was not found");

/** 99 POSITION_OUT_OF_RANGE */
export class PositionOutOfRangeException extends ApiException {}
code(PositionOutOfRangeException, 99, "Requested position is not greater than or equal to zero, and less than the size of the snapshot.");

/** 100 UNKNOWN_TOPIC_ID */
export class UnknownTopicIdException extends InvalidMetadataException {}
code(UnknownTopicIdException, 100, "This server does not host this topic ID.");

/** 101 DUPLICATE_BROKER_REGISTRATION */
export class DuplicateBrokerRegistrationException extends ApiException {}
code(DuplicateBrokerRegistrationException, 101, "This broker ID is already in use.");

/** 102 BROKER_ID_NOT_REGISTERED */
export class BrokerIdNotRegisteredException extends ApiException {}
code(BrokerIdNotRegisteredException, 102, "The given broker ID was not registered.");

/** 103 INCONSISTENT_TOPIC_ID */
export class InconsistentTopicIdException extends InvalidMetadataException {}
code(InconsistentTopicIdException, 103, "The log's topic ID did not match the topic ID in the request");

/** 104 INCONSISTENT_CLUSTER_ID */
export class InconsistentClusterIdException extends ApiException {}
code(InconsistentClusterIdException, 104, "The clusterId in the request does not match that found on the server");

/** 105 TRANSACTIONAL_ID_NOT_FOUND */
export class TransactionalIdNotFoundException extends ApiException {}
code(TransactionalIdNotFoundException, 105, "The transactionalId could not be found");

/** 106 FETCH_SESSION_TOPIC_ID_ERROR */
export class FetchSessionTopicIdException extends RetriableException {}
code(FetchSessionTopicIdException, 106, "The fetch session encountered inconsistent topic ID usage");

/** 107 INELIGIBLE_REPLICA */
export class IneligibleReplicaException extends ApiException {}
code(IneligibleReplicaException, 107, "The new ISR contains at least one ineligible replica.");

/** 108 NEW_LEADER_ELECTED */
export class NewLeaderElectedException extends ApiException {}
code(NewLeaderElectedException, 108, "The AlterPartition request successfully updated the partition state but the leader has changed.");

/** 109 OFFSET_MOVED_TO_TIERED_STORAGE */
export class OffsetMovedToTieredStorageException extends ApiException {}
code(OffsetMovedToTieredStorageException, 109, "The requested offset is moved to tiered storage.");

/** 110 FENCED_MEMBER_EPOCH */
export class FencedMemberEpochException extends ApiException {}
code(FencedMemberEpochException, 110, "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.");

/** 111 UNRELEASED_INSTANCE_ID */
export class UnreleasedInstanceIdException extends ApiException {}
code(UnreleasedInstanceIdException, 111, "The instance ID is still used by another member in the consumer group. That member must leave first.");

/** 112 UNSUPPORTED_ASSIGNOR */
export class UnsupportedAssignorException extends ApiException {}
code(UnsupportedAssignorException, 112, "The assignor or its version range is not supported by the consumer group.");

/** 113 STALE_MEMBER_EPOCH */
export class StaleMemberEpochException extends ApiException {}
code(StaleMemberEpochException, 113, "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.");

/** 114 MISMATCHED_ENDPOINT_TYPE */
export class MismatchedEndpointTypeException extends ApiException {}
code(MismatchedEndpointTypeException, 114, "The request was sent to an endpoint of the wrong type.");

/** 115 UNSUPPORTED_ENDPOINT_TYPE */
export class UnsupportedEndpointTypeException extends ApiException {}
code(UnsupportedEndpointTypeException, 115, "This endpoint type is not supported yet.");

/** 116 UNKNOWN_CONTROLLER_ID */
export class UnknownControllerIdException extends ApiException {}
code(UnknownControllerIdException, 116, "This controller ID is not known.");

/** 117 UNKNOWN_SUBSCRIPTION_ID */
export class UnknownSubscriptionIdException extends ApiException {}
code(UnknownSubscriptionIdException, 117, "Client sent a push telemetry request with an invalid or outdated subscription ID.");

/** 118 TELEMETRY_TOO_LARGE */
export class TelemetryTooLargeException extends ApiException {}
code(TelemetryTooLargeException, 118, "Client sent a push telemetry request larger than the maximum size the broker will accept.");

/** 119 INVALID_REGISTRATION */
export class InvalidRegistrationException extends ApiException {}
code(InvalidRegistrationException, 119, "The controller has considered the broker registration to be invalid.");

/** 120 TRANSACTION_ABORTABLE */
export class TransactionAbortableException extends ApiException {}
code(TransactionAbortableException, 120, "The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID.");

/** 121 INVALID_RECORD_STATE */
export class InvalidRecordStateException extends ApiException {}
code(InvalidRecordStateException, 121, "The record state is invalid. The acknowledgement of delivery could not be completed.");

/** 122 SHARE_SESSION_NOT_FOUND */
export class ShareSessionNotFoundException extends RetriableException {}
code(ShareSessionNotFoundException, 122, "The share session was not found.");

/** 123 INVALID_SHARE_SESSION_EPOCH */
export class InvalidShareSessionEpochException extends RetriableException {}
code(InvalidShareSessionEpochException, 123, "The share session epoch is invalid.");

/** 124 FENCED_STATE_EPOCH */
export class FencedStateEpochException extends ApiException {}
code(FencedStateEpochException, 124, "The share coordinator rejected the request because the share-group state epoch did not match.");

/** 125 INVALID_VOTER_KEY */
export class InvalidVoterKeyException extends ApiException {}
code(InvalidVoterKeyException, 125, "The voter key doesn't match the receiving replica's key.");

/** 126 DUPLICATE_VOTER */
export class DuplicateVoterException extends ApiException {}
code(DuplicateVoterException, 126, "The voter is already part of the set of voters.");

/** 127 VOTER_NOT_FOUND */
export class VoterNotFoundException extends ApiException {}
code(VoterNotFoundException, 127, "The voter is not part of the set of voters.");

nameErrorClasses({
  UnknownServerException, InvalidOffsetException, OffsetOutOfRangeException, CorruptRecordException, UnknownTopicOrPartitionException,
  InvalidFetchSizeException, LeaderNotAvailableException, NotLeaderOrFollowerException, TimeoutException,
  BrokerNotAvailableException, ReplicaNotAvailableException, RecordTooLargeException, ControllerMovedException,
  OffsetMetadataTooLarge, NetworkException, CoordinatorLoadInProgressException, CoordinatorNotAvailableException,
  NotCoordinatorException, InvalidTopicException, RecordBatchTooLargeException, NotEnoughReplicasException,
  NotEnoughReplicasAfterAppendException, InvalidRequiredAcksException, IllegalGenerationException, InconsistentGroupProtocolException,
  InvalidGroupIdException, UnknownMemberIdException, InvalidSessionTimeoutException, RebalanceInProgressException,
  InvalidCommitOffsetSizeException, TopicAuthorizationException, GroupAuthorizationException, ClusterAuthorizationException,
  InvalidTimestampException, UnsupportedSaslMechanismException, IllegalSaslStateException, UnsupportedVersionException,
  TopicExistsException, InvalidPartitionsException, InvalidReplicationFactorException, InvalidReplicaAssignmentException,
  InvalidConfigurationException, NotControllerException, InvalidRequestException, UnsupportedForMessageFormatException,
  PolicyViolationException, OutOfOrderSequenceException, DuplicateSequenceException, InvalidProducerEpochException,
  InvalidTxnStateException, InvalidPidMappingException, InvalidTxnTimeoutException, ConcurrentTransactionsException,
  TransactionCoordinatorFencedException, TransactionalIdAuthorizationException, SecurityDisabledException, OperationNotAttemptedException,
  KafkaStorageException, LogDirNotFoundException, SaslAuthenticationException, UnknownProducerIdException,
  ReassignmentInProgressException, DelegationTokenDisabledException, DelegationTokenNotFoundException, DelegationTokenOwnerMismatchException,
  UnsupportedByAuthenticationException, DelegationTokenAuthorizationException, DelegationTokenExpiredException, InvalidPrincipalTypeException,
  GroupNotEmptyException, GroupIdNotFoundException, FetchSessionIdNotFoundException, InvalidFetchSessionEpochException,
  ListenerNotFoundException, TopicDeletionDisabledException, FencedLeaderEpochException, UnknownLeaderEpochException,
  UnsupportedCompressionTypeException, StaleBrokerEpochException, OffsetNotAvailableException, MemberIdRequiredException,
  PreferredLeaderNotAvailableException, GroupMaxSizeReachedException, FencedInstanceIdException, EligibleLeadersNotAvailableException,
  ElectionNotNeededException, NoReassignmentInProgressException, GroupSubscribedToTopicException, InvalidRecordException,
  UnstableOffsetCommitException, ThrottlingQuotaExceededException, ProducerFencedException, ResourceNotFoundException,
  DuplicateResourceException, UnacceptableCredentialException, InconsistentVoterSetException, InvalidUpdateVersionException,
  FeatureUpdateFailedException, PrincipalDeserializationException, SnapshotNotFoundException, PositionOutOfRangeException,
  UnknownTopicIdException, DuplicateBrokerRegistrationException, BrokerIdNotRegisteredException, InconsistentTopicIdException,
  InconsistentClusterIdException, TransactionalIdNotFoundException, FetchSessionTopicIdException, IneligibleReplicaException,
  NewLeaderElectedException, OffsetMovedToTieredStorageException, FencedMemberEpochException, UnreleasedInstanceIdException,
  UnsupportedAssignorException, StaleMemberEpochException, MismatchedEndpointTypeException, UnsupportedEndpointTypeException,
  UnknownControllerIdException, UnknownSubscriptionIdException, TelemetryTooLargeException, InvalidRegistrationException,
  TransactionAbortableException, InvalidRecordStateException, ShareSessionNotFoundException, InvalidShareSessionEpochException,
  FencedStateEpochException, InvalidVoterKeyException, DuplicateVoterException, VoterNotFoundException,
});
