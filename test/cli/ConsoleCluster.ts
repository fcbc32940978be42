// A real EmbeddedCluster for the console-tool tests, with the group coordinator reachable. Until KafkaApis routes
// the group APIs itself, GroupApis is attached from outside exactly as test/broker/group/EmbeddedGroup.test.ts does
// (GroupApis.forBroker per broker, group requests routed to it, onLeaderAndIsr after becomeLeaderOrFollower).
// Once the lead wires GroupApis into KafkaApis, attachGroupApis notices and does nothing.
import { EmbeddedCluster } from "../../kernel-lib/src/broker/EmbeddedCluster";
import { GroupApis } from "../../kernel-lib/src/broker/group/GroupApis";
import { AdminZkClient } from "../../kernel-lib/src/controller/AdminZkClient";
import type { RequestMessage } from "../../kernel-lib/src/protocol/Envelope";
import { sendResponse, type AddressedRequest } from "../../kernel-lib/src/protocol/NetworkClient";
import type { LeaderAndIsrRequest } from "../../kernel-lib/src/protocol/messages/LeaderAndIsr";
import type { ResponseTypes, SupportedApiKey } from "../../kernel-lib/src/protocol/messages/index";
import { Shell } from "../../kernel-lib/src/cli/Shell";

/** Whether this broker's KafkaApis already answers the group APIs (the lead's wiring). */
function groupApisWired(server: unknown): boolean {
  const s = server as { groupApis?: unknown; apis?: { groupApis?: unknown } };
  return s.groupApis !== undefined || s.apis?.groupApis !== undefined;
}

export function attachGroupApis(c: EmbeddedCluster): void {
  for (const id of c.brokerIds) {
    const s = c.broker(id);
    if (groupApisWired(s)) continue;
    const rm = s.replicaManager!;
    const admin = new AdminZkClient(c.runtime, s.zkClient!);
    const g = GroupApis.forBroker({ runtime: c.runtime, nodeName: s.host, brokerId: id, kafkaConfig: s.config, replicaManager: rm, metadataCache: s.metadataCache!,
      createTopic: (topic, n, rf, configs, cb) => admin.createTopic(topic, n, rf, configs, "Enforced", (err) => cb(err)),
      clientHostOf: () => "/127.0.0.1" });
    const become = rm.becomeLeaderOrFollower.bind(rm);
    rm.becomeLeaderOrFollower = (req: LeaderAndIsrRequest) => {
      const resp = become(req);
      g.onLeaderAndIsr(req);
      return resp;
    };
    const apis = s.apis!;
    const handle = apis.handle.bind(apis);
    apis.handle = (from: string, req: AddressedRequest) => {
      const respond = (body: unknown): void => sendResponse(c.runtime, s.host, from, req as RequestMessage<SupportedApiKey>, body as ResponseTypes[SupportedApiKey]);
      if (!g.handle(req as RequestMessage, respond, from)) handle(from, req);
    };
  }
}

export const BS = "--bootstrap-server hadoop102:9092";

/** Three brokers hadoop102..104 (ids 0..2) with ZooKeeper on hadoop102, and a Shell on them that prints nothing. */
export async function startCluster(seed = 42, config: Record<string, string> = {}): Promise<{ cluster: EmbeddedCluster; sh: Shell }> {
  const cluster = await EmbeddedCluster.start({ seed, brokers: ["hadoop102", "hadoop103", "hadoop104"], config });
  attachGroupApis(cluster);
  return { cluster, sh: new Shell({ cluster, print: false }) };
}
