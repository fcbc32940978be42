// A real EmbeddedCluster for the console-tool tests (its brokers answer the group APIs themselves).
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { Shell } from "../../kernel-lib/src/cli/Shell";

export const BS = "--bootstrap-server hadoop102:9092";

/** Three brokers hadoop102..104 (ids 0..2) with ZooKeeper on hadoop102, and a Shell on them that prints nothing. */
export async function startCluster(seed = 42, config: Record<string, string> = {}): Promise<{ cluster: EmbeddedCluster; sh: Shell }> {
  const cluster = await EmbeddedCluster.start({ seed, brokers: ["hadoop102", "hadoop103", "hadoop104"], config });
  return { cluster, sh: new Shell({ cluster, print: false }) };
}
