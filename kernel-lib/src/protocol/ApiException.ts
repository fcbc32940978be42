// org.apache.kafka.common.errors.ApiException and the abstract branches of Kafka's error tree
// (RetriableException, InvalidMetadataException, AuthorizationException, AuthenticationException).
// The concrete exceptions, one per protocol error code, are in ApiExceptions.ts; the code table is Errors.ts.
import { KafkaException, nameErrorClasses } from "./KafkaException";

interface ErrorCodeEntry { readonly code: number; readonly defaultMessage: string }

// Kafka keeps class -> error in Errors.classToError. Here each exception class registers its code and default
// message where it is declared (ApiExceptions.ts), so `err.code` works without loading Errors.ts.
const codeByClass = new Map<unknown, ErrorCodeEntry>();

/** Declares the error code and Kafka's default message of an exception class. */
export function registerErrorCode(cls: abstract new (...args: never[]) => ApiException, code: number, defaultMessage: string): void {
  codeByClass.set(cls, { code, defaultMessage });
}

/** The code and default message an exception class declared (not its superclasses'), if any. */
export function errorCodeOf(cls: abstract new (...args: never[]) => ApiException): ErrorCodeEntry | undefined {
  return codeByClass.get(cls);
}

function entryFor(proto: object | null): ErrorCodeEntry | undefined {
  for (let p = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const entry = codeByClass.get((p as { constructor?: unknown }).constructor);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * org.apache.kafka.common.errors.ApiException: an error that travels in the protocol as an error code.
 * `err.code` is that code (Kafka: `Errors.forException(err).code()`); -1 (UNKNOWN_SERVER_ERROR) if the
 * class has none of its own, as Errors.forException answers.
 */
export class ApiException extends KafkaException {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message ?? entryFor(new.target.prototype)?.defaultMessage ?? undefined, options);
  }

  get code(): number {
    return entryFor(Object.getPrototypeOf(this) as object)?.code ?? -1;
  }

  /** True for RetriableException and its subclasses: the operation may succeed if tried again. */
  get retriable(): boolean {
    return this instanceof RetriableException;
  }
}

/** org.apache.kafka.common.errors.RetriableException: a transient error; retrying may succeed. */
export class RetriableException extends ApiException {}

/** org.apache.kafka.common.errors.InvalidMetadataException: the client's metadata is stale; refresh and retry. */
export class InvalidMetadataException extends RetriableException {}

/** org.apache.kafka.common.errors.AuthorizationException */
export class AuthorizationException extends ApiException {}

/** org.apache.kafka.common.errors.AuthenticationException */
export class AuthenticationException extends ApiException {}

nameErrorClasses({ ApiException, RetriableException, InvalidMetadataException, AuthorizationException, AuthenticationException });
