import { describe, it, expect } from "vitest";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";
import { NetworkClient, DisconnectException, sendResponse, parseBootstrapServers, parseHostPort } from "../../kernel-lib/src/protocol/NetworkClient";
import { TimeoutException } from "../../kernel-lib/src/protocol/ApiExceptions";
import { isEnvelope, type AnyRequestMessage, type ResponseMessage } from "../../kernel-lib/src/protocol/Envelope";

function echoServer(rt: Runtime, node: string): void {
  rt.network.register(node, (from, msg) => {
    if (!isEnvelope(msg) || msg.kind !== "request") return;
    const req = msg as AnyRequestMessage;
    if (req.header.apiKey === 18) sendResponse(rt, node, from, req, { errorCode: 0, apiKeys: [], throttleTimeMs: 0 } as never);
  });
}

describe("NetworkClient", () => {
  it("pairs responses by correlation id", async () => {
    const rt = new Runtime({ seed: 1 });
    echoServer(rt, "hadoop102");
    const client = new NetworkClient(rt, "client", { clientId: "test" });
    rt.network.register("client", (from, msg) => { client.handleResponse(from, msg as ResponseMessage); });
    const r = await client.request("hadoop102", { apiKey: 18, clientSoftwareName: "x", clientSoftwareVersion: "1" } as never);
    expect((r as { errorCode: number }).errorCode).toBe(0);
    expect(client.inFlightCount).toBe(0);
    await rt.close();
  });

  it("times out with TimeoutException when the node is up but silent, DisconnectException when it is down", async () => {
    const rt = new Runtime({ seed: 1 });
    rt.network.register("silent", () => {});
    const client = new NetworkClient(rt, "client", { requestTimeoutMs: 5000 });
    rt.network.register("client", (from, msg) => { client.handleResponse(from, msg as ResponseMessage); });
    const t0 = rt.now();
    await expect(client.request("silent", { apiKey: 18 } as never)).rejects.toBeInstanceOf(TimeoutException);
    expect(rt.now() - t0).toBe(5000);
    await expect(client.request("nobody", { apiKey: 18 } as never)).rejects.toBeInstanceOf(DisconnectException);
    await rt.close();
  });

  it("acks=0 style sends complete without a response", async () => {
    const rt = new Runtime({ seed: 1 });
    let got = 0;
    rt.network.register("b", () => { got++; });
    const client = new NetworkClient(rt, "client");
    let done = false;
    client.send("b", { apiKey: 18 } as never, (err, resp) => { expect(err).toBeNull(); expect(resp).toBeNull(); done = true; }, { expectResponse: false });
    await rt.runUntil(() => done && got === 1, { timeoutMs: 100 });
    expect(client.inFlightCount).toBe(0);
    await rt.close();
  });
});

describe("HostPort", () => {
  it("parses bootstrap.servers with Kafka's wording", () => {
    expect(parseBootstrapServers("hadoop102:9092, hadoop103:9092")).toEqual([{ host: "hadoop102", port: 9092 }, { host: "hadoop103", port: 9092 }]);
    expect(() => parseBootstrapServers("abc")).toThrow("Invalid url in bootstrap.servers: abc");
    expect(() => parseBootstrapServers("")).toThrow("No resolvable bootstrap urls given in bootstrap.servers");
    expect(parseHostPort("PLAINTEXT://hadoop102:9092")).toEqual({ host: "hadoop102", port: 9092 });
  });
});
