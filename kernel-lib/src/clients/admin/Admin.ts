// org.apache.kafka.clients.admin.Admin: `Admin.create(props)` gives a KafkaAdminClient. Here the client lives in
// a simulation runtime, so create() takes the runtime (or anything holding one, like an EmbeddedCluster) as a
// second argument; without it, the default runtime set by the last EmbeddedCluster.start is used.
//
//   const admin = Admin.create({ "bootstrap.servers": "hadoop102:9092" }, cluster);
//   await admin.createTopics([new NewTopic("first", 3, 2)]).all();
//   admin.close();
import { KafkaException } from "../../protocol/KafkaException";
import type { RawConfigValue } from "../../storage/log/ConfigDef";
import { getDefaultRuntime } from "../../sim/DefaultRuntime";
import { Runtime } from "../../sim/Runtime";
import { AdminClientConfig } from "./AdminClientConfig";
import { KafkaAdminClient, type AdminOptions } from "./KafkaAdminClient";

/** A Runtime, or an object that has one (EmbeddedCluster). */
export type RuntimeOrCluster = Runtime | { readonly runtime: Runtime };

/** The runtime of `where`, else the default runtime; throws a clear error when there is none. */
export function resolveRuntime(where?: RuntimeOrCluster | null): Runtime {
  if (where instanceof Runtime) return where;
  if (where !== undefined && where !== null && (where as { runtime?: unknown }).runtime instanceof Runtime) return where.runtime;
  const def = getDefaultRuntime();
  if (def !== null) return def;
  throw new KafkaException("No cluster to connect to: start one with EmbeddedCluster.start(...) or pass the cluster (or its runtime) as the second argument");
}

export const Admin = {
  /** Admin.create(props[, cluster]): validates the configs (Kafka's ConfigException wording) and starts the client. */
  create(props: Readonly<Record<string, RawConfigValue>>, where?: RuntimeOrCluster | null, options?: AdminOptions): KafkaAdminClient {
    const config = new AdminClientConfig(props);
    return new KafkaAdminClient(resolveRuntime(where), config, options);
  },
};

/** AdminClient is Admin's older name in Kafka (kept as an alias there too). */
export const AdminClient = Admin;
export type Admin = KafkaAdminClient;
