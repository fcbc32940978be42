// Controller-side exceptions that are not protocol errors (no error code of their own in Errors.java).
// ControllerMovedException is a protocol error (STALE_CONTROLLER_EPOCH): see protocol/ApiExceptions.
import { KafkaException, nameErrorClasses } from "../protocol/KafkaException";

/**
 * org.apache.kafka.server.common.AdminOperationException: an admin operation that cannot be carried out as
 * asked (e.g. rack-aware placement over brokers of which only some have a rack).
 */
export class AdminOperationException extends KafkaException {}

/** kafka.common.StateChangeFailedException: a partition or replica state transition could not be made. */
export class StateChangeFailedException extends KafkaException {}

nameErrorClasses({ AdminOperationException, StateChangeFailedException });

/** kafka.common.TopicAlreadyMarkedForDeletionException: /admin/delete_topics/<topic> is already there. */
export class TopicAlreadyMarkedForDeletionException extends KafkaException {}

nameErrorClasses({ TopicAlreadyMarkedForDeletionException });
