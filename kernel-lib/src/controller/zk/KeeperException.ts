// org.apache.zookeeper.KeeperException: ZooKeeper's errors, with its codes and its message format
// `KeeperErrorCode = NodeExists for /brokers/ids/1`. ZooKeeper is not part of Kafka's protocol, so these
// are not Kafka ApiExceptions. Subclasses hang off KeeperException as in Java:
// `err instanceof KeeperException.NodeExistsException`.
import { nameErrorClasses } from "../../protocol/KafkaException";

/** KeeperException.Code: the numbers ZooKeeper puts in its reply headers. */
export const Code = {
  OK: 0,
  SYSTEMERROR: -1,
  RUNTIMEINCONSISTENCY: -2,
  DATAINCONSISTENCY: -3,
  CONNECTIONLOSS: -4,
  MARSHALLINGERROR: -5,
  UNIMPLEMENTED: -6,
  OPERATIONTIMEOUT: -7,
  BADARGUMENTS: -8,
  UNKNOWNSESSION: -12,
  APIERROR: -100,
  NONODE: -101,
  NOAUTH: -102,
  BADVERSION: -103,
  NOCHILDRENFOREPHEMERALS: -108,
  NODEEXISTS: -110,
  NOTEMPTY: -111,
  SESSIONEXPIRED: -112,
  INVALIDCALLBACK: -113,
  INVALIDACL: -114,
  AUTHFAILED: -115,
  SESSIONMOVED: -118,
  NOTREADONLY: -119,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

// KeeperException.getCodeMessage
const codeMessages: Record<number, string> = {
  [Code.OK]: "ok",
  [Code.SYSTEMERROR]: "SystemError",
  [Code.RUNTIMEINCONSISTENCY]: "RuntimeInconsistency",
  [Code.DATAINCONSISTENCY]: "DataInconsistency",
  [Code.CONNECTIONLOSS]: "ConnectionLoss",
  [Code.MARSHALLINGERROR]: "MarshallingError",
  [Code.UNIMPLEMENTED]: "Unimplemented",
  [Code.OPERATIONTIMEOUT]: "OperationTimeout",
  [Code.BADARGUMENTS]: "BadArguments",
  [Code.UNKNOWNSESSION]: "Unknown session",
  [Code.APIERROR]: "APIError",
  [Code.NONODE]: "NoNode",
  [Code.NOAUTH]: "NoAuth",
  [Code.BADVERSION]: "BadVersion",
  [Code.NOCHILDRENFOREPHEMERALS]: "NoChildrenForEphemerals",
  [Code.NODEEXISTS]: "NodeExists",
  [Code.NOTEMPTY]: "Directory not empty",
  [Code.SESSIONEXPIRED]: "Session expired",
  [Code.INVALIDCALLBACK]: "Invalid callback",
  [Code.INVALIDACL]: "InvalidACL",
  [Code.AUTHFAILED]: "AuthFailed",
  [Code.SESSIONMOVED]: "Session moved",
  [Code.NOTREADONLY]: "Not a read-only call",
};

/** One entry of a failed multi's results: ZooKeeper's OpResult.ErrorResult. */
export interface ErrorResult { type: "error"; err: number }

export class KeeperException extends Error {
  /** The results of a failed multi(): OK (0) before the failing op, its code, then RUNTIMEINCONSISTENCY (-2). */
  results: ErrorResult[] | null = null;

  constructor(readonly code: number, readonly path: string | null = null) {
    super(`KeeperErrorCode = ${codeMessages[code] ?? `Unknown error ${code}`}${path === null ? "" : ` for ${path}`}`);
  }

  /** KeeperException.create(code, path): the subclass for the code. */
  static create(code: number, path: string | null = null): KeeperException {
    const cls = byCode.get(code);
    return cls ? new cls(path) : new KeeperException(code, path);
  }
}

type Sub = new (path?: string | null) => KeeperException;
const sub = (code: Code): Sub => class extends KeeperException {
  constructor(path: string | null = null) {
    super(code, path);
  }
};

// Declaration merging gives Java's nested names: KeeperException.NoNodeException, ...
export namespace KeeperException {
  export const SystemErrorException = sub(Code.SYSTEMERROR);
  export const RuntimeInconsistencyException = sub(Code.RUNTIMEINCONSISTENCY);
  export const ConnectionLossException = sub(Code.CONNECTIONLOSS);
  export const OperationTimeoutException = sub(Code.OPERATIONTIMEOUT);
  export const BadArgumentsException = sub(Code.BADARGUMENTS);
  export const UnknownSessionException = sub(Code.UNKNOWNSESSION);
  export const NoNodeException = sub(Code.NONODE);
  export const NoAuthException = sub(Code.NOAUTH);
  export const BadVersionException = sub(Code.BADVERSION);
  export const NoChildrenForEphemeralsException = sub(Code.NOCHILDRENFOREPHEMERALS);
  export const NodeExistsException = sub(Code.NODEEXISTS);
  export const NotEmptyException = sub(Code.NOTEMPTY);
  export const SessionExpiredException = sub(Code.SESSIONEXPIRED);
  export const InvalidACLException = sub(Code.INVALIDACL);
  export const SessionMovedException = sub(Code.SESSIONMOVED);
}

const byCode = new Map<number, Sub>([
  [Code.SYSTEMERROR, KeeperException.SystemErrorException],
  [Code.RUNTIMEINCONSISTENCY, KeeperException.RuntimeInconsistencyException],
  [Code.CONNECTIONLOSS, KeeperException.ConnectionLossException],
  [Code.OPERATIONTIMEOUT, KeeperException.OperationTimeoutException],
  [Code.BADARGUMENTS, KeeperException.BadArgumentsException],
  [Code.UNKNOWNSESSION, KeeperException.UnknownSessionException],
  [Code.NONODE, KeeperException.NoNodeException],
  [Code.NOAUTH, KeeperException.NoAuthException],
  [Code.BADVERSION, KeeperException.BadVersionException],
  [Code.NOCHILDRENFOREPHEMERALS, KeeperException.NoChildrenForEphemeralsException],
  [Code.NODEEXISTS, KeeperException.NodeExistsException],
  [Code.NOTEMPTY, KeeperException.NotEmptyException],
  [Code.SESSIONEXPIRED, KeeperException.SessionExpiredException],
  [Code.INVALIDACL, KeeperException.InvalidACLException],
  [Code.SESSIONMOVED, KeeperException.SessionMovedException],
]);

nameErrorClasses({ KeeperException, ...(KeeperException as unknown as Record<string, Sub>) });

/**
 * kafka.zookeeper.ZooKeeperClientTimeoutException: the broker could not connect to ZooKeeper within
 * `zookeeper.connection.timeout.ms` ("Timed out waiting for connection while in state: CONNECTING").
 */
export class ZooKeeperClientTimeoutException extends Error {}

/** kafka.zookeeper.ZooKeeperClientExpiredException: a request was made on an expired session. */
export class ZooKeeperClientExpiredException extends Error {}

nameErrorClasses({ ZooKeeperClientTimeoutException, ZooKeeperClientExpiredException });
