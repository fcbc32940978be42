// Shared set-up for the ZooKeeper tests: a runtime, a ZooKeeper server node, and client nodes.
import { Runtime } from "../../../kernel-lib/src/sim/Runtime";
import { ZooKeeperClient, type ZooKeeperClientOptions } from "../../../kernel-lib/src/controller/zk/ZooKeeperClient";
import { ZooKeeperServer } from "../../../kernel-lib/src/controller/zk/ZooKeeperServer";

export interface Cluster {
  rt: Runtime;
  zk: ZooKeeperServer;
  client(node: string, opts?: Partial<ZooKeeperClientOptions>): ZooKeeperClient;
  connected(node: string, opts?: Partial<ZooKeeperClientOptions>): Promise<ZooKeeperClient>;
}

/** A runtime with a ZooKeeper server "zookeeper" known to clients as hadoop102:2181. */
export function cluster(seed: number | string = 1): Cluster {
  const rt = new Runtime({ seed });
  const zk = new ZooKeeperServer(rt, { node: "zookeeper", host: "hadoop102" });
  zk.start();
  const client = (node: string, opts: Partial<ZooKeeperClientOptions> = {}): ZooKeeperClient =>
    new ZooKeeperClient(rt, { node, connectString: "hadoop102:2181", resolve: () => "zookeeper", ownsNode: true, ...opts });
  return {
    rt,
    zk,
    client,
    async connected(node, opts) {
      const c = client(node, opts);
      await c.connect();
      return c;
    },
  };
}
