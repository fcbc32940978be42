// org.apache.kafka.common.protocol.ApiKeys: the number that opens every request and names its API.
// Numbers and names as in Kafka 3.9 (the `apiKey` and `name` of clients/src/main/resources/common/message/*.json).
// The KIP-932 share-group state APIs (83+), still internal in 3.9, are left out.

export const ApiKeys = {
  PRODUCE: 0,
  FETCH: 1,
  LIST_OFFSETS: 2,
  METADATA: 3,
  LEADER_AND_ISR: 4,
  STOP_REPLICA: 5,
  UPDATE_METADATA: 6,
  CONTROLLED_SHUTDOWN: 7,
  OFFSET_COMMIT: 8,
  OFFSET_FETCH: 9,
  FIND_COORDINATOR: 10,
  JOIN_GROUP: 11,
  HEARTBEAT: 12,
  LEAVE_GROUP: 13,
  SYNC_GROUP: 14,
  DESCRIBE_GROUPS: 15,
  LIST_GROUPS: 16,
  SASL_HANDSHAKE: 17,
  API_VERSIONS: 18,
  CREATE_TOPICS: 19,
  DELETE_TOPICS: 20,
  DELETE_RECORDS: 21,
  INIT_PRODUCER_ID: 22,
  OFFSET_FOR_LEADER_EPOCH: 23,
  ADD_PARTITIONS_TO_TXN: 24,
  ADD_OFFSETS_TO_TXN: 25,
  END_TXN: 26,
  WRITE_TXN_MARKERS: 27,
  TXN_OFFSET_COMMIT: 28,
  DESCRIBE_ACLS: 29,
  CREATE_ACLS: 30,
  DELETE_ACLS: 31,
  DESCRIBE_CONFIGS: 32,
  ALTER_CONFIGS: 33,
  ALTER_REPLICA_LOG_DIRS: 34,
  DESCRIBE_LOG_DIRS: 35,
  SASL_AUTHENTICATE: 36,
  CREATE_PARTITIONS: 37,
  CREATE_DELEGATION_TOKEN: 38,
  RENEW_DELEGATION_TOKEN: 39,
  EXPIRE_DELEGATION_TOKEN: 40,
  DESCRIBE_DELEGATION_TOKEN: 41,
  DELETE_GROUPS: 42,
  ELECT_LEADERS: 43,
  INCREMENTAL_ALTER_CONFIGS: 44,
  ALTER_PARTITION_REASSIGNMENTS: 45,
  LIST_PARTITION_REASSIGNMENTS: 46,
  OFFSET_DELETE: 47,
  DESCRIBE_CLIENT_QUOTAS: 48,
  ALTER_CLIENT_QUOTAS: 49,
  DESCRIBE_USER_SCRAM_CREDENTIALS: 50,
  ALTER_USER_SCRAM_CREDENTIALS: 51,
  VOTE: 52,
  BEGIN_QUORUM_EPOCH: 53,
  END_QUORUM_EPOCH: 54,
  DESCRIBE_QUORUM: 55,
  ALTER_PARTITION: 56,
  UPDATE_FEATURES: 57,
  ENVELOPE: 58,
  FETCH_SNAPSHOT: 59,
  DESCRIBE_CLUSTER: 60,
  DESCRIBE_PRODUCERS: 61,
  BROKER_REGISTRATION: 62,
  BROKER_HEARTBEAT: 63,
  UNREGISTER_BROKER: 64,
  DESCRIBE_TRANSACTIONS: 65,
  LIST_TRANSACTIONS: 66,
  ALLOCATE_PRODUCER_IDS: 67,
  CONSUMER_GROUP_HEARTBEAT: 68,
  CONSUMER_GROUP_DESCRIBE: 69,
  CONTROLLER_REGISTRATION: 70,
  GET_TELEMETRY_SUBSCRIPTIONS: 71,
  PUSH_TELEMETRY: 72,
  ASSIGN_REPLICAS_TO_DIRS: 73,
  LIST_CLIENT_METRICS_RESOURCES: 74,
  DESCRIBE_TOPIC_PARTITIONS: 75,
  SHARE_GROUP_HEARTBEAT: 76,
  SHARE_GROUP_DESCRIBE: 77,
  SHARE_FETCH: 78,
  SHARE_ACKNOWLEDGE: 79,
  ADD_RAFT_VOTER: 80,
  REMOVE_RAFT_VOTER: 81,
  UPDATE_RAFT_VOTER: 82,
} as const;

/** Kafka's enum constant name, e.g. "LEADER_AND_ISR". */
export type ApiKeyName = keyof typeof ApiKeys;
/** An API key number, e.g. 4. */
export type ApiKey = (typeof ApiKeys)[ApiKeyName];

const nameByKey = new Map<number, string>();
const keyByName = new Map<string, ApiKey>();
for (const [constant, key] of Object.entries(ApiKeys) as [ApiKeyName, ApiKey][]) {
  // The message name Kafka uses ("LeaderAndIsr"): the enum constant in CamelCase.
  const name = constant.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase());
  nameByKey.set(key, name);
  keyByName.set(name, key);
}

/** The API's name as in its message JSON ("Produce", "LeaderAndIsr", "OffsetForLeaderEpoch"). */
export function apiName(apiKey: number): string {
  const name = nameByKey.get(apiKey);
  if (name === undefined) throw new RangeError(`Unexpected api key: ${apiKey}`);
  return name;
}

/** The key for an API name ("Produce" -> 0), or undefined. */
export function apiKeyForName(name: string): ApiKey | undefined {
  return keyByName.get(name);
}

/** Every API key this vocabulary knows, ascending. */
export function allApiKeys(): ApiKey[] {
  return [...nameByKey.keys()].sort((a, b) => a - b) as ApiKey[];
}
