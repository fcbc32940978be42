import { describe, it, expect } from "vitest";
import { GroupMetadata } from "../../../kernel-lib/src/broker/group/GroupMetadata";
import { MemberMetadata } from "../../../kernel-lib/src/broker/group/MemberMetadata";

const now = (): number => 1000;
const member = (id: string, protocols: string[]): MemberMetadata =>
  new MemberMetadata(id, null, "client", "/h", 300000, 45000, "consumer", protocols.map((name) => ({ name, metadata: Buffer.from(name) })));

describe("GroupMetadata state machine", () => {
  it("follows Kafka's valid transitions", () => {
    const g = new GroupMetadata("g", "Empty", now);
    g.transitionTo("PreparingRebalance");
    g.transitionTo("CompletingRebalance");
    g.transitionTo("Stable");
    g.transitionTo("PreparingRebalance");
    g.transitionTo("Empty");
    g.transitionTo("PreparingRebalance");
    g.transitionTo("CompletingRebalance");
    g.transitionTo("PreparingRebalance");
    g.transitionTo("Dead");
    g.transitionTo("Dead");
    expect(g.currentState).toBe("Dead");
  });

  it("refuses invalid transitions with Kafka's IllegalStateException message", () => {
    const g = new GroupMetadata("g", "Empty", now);
    expect(() => g.transitionTo("Stable")).toThrow("Group g should be in the CompletingRebalance states before moving to Stable state. Instead it is in Empty state");
    expect(() => g.transitionTo("CompletingRebalance")).toThrow(/should be in the PreparingRebalance states/);
    expect(g.currentState).toBe("Empty");
    g.transitionTo("PreparingRebalance");
    expect(() => g.transitionTo("Stable")).toThrow(/Instead it is in PreparingRebalance state/);
  });

  it("canRebalance only from Stable, CompletingRebalance, Empty", () => {
    const g = new GroupMetadata("g", "Empty", now);
    expect(g.canRebalance).toBe(true);
    g.transitionTo("PreparingRebalance");
    expect(g.canRebalance).toBe(false);
  });
});

describe("GroupMetadata membership", () => {
  it("the first member to join leads; a departing leader is replaced", () => {
    const g = new GroupMetadata("g", "Empty", now);
    g.add(member("a", ["range"]));
    g.add(member("b", ["range"]));
    g.add(member("c", ["range"]));
    expect(g.leaderOrNull).toBe("a");
    g.remove("a");
    expect(g.leaderOrNull).toBe("b");
    g.remove("b");
    g.remove("c");
    expect(g.leaderOrNull).toBeNull();
    expect(g.protocolType).toBe("consumer");
  });

  it("selects the protocol by votes among protocols every member supports", () => {
    const g = new GroupMetadata("g", "Empty", now);
    g.add(member("a", ["roundrobin", "range"]));
    g.add(member("b", ["range", "roundrobin"]));
    g.add(member("c", ["range", "roundrobin", "sticky"]));
    // candidates {roundrobin, range}; votes: a→roundrobin, b→range, c→range
    expect(g.selectProtocol()).toBe("range");
    g.remove("b");
    g.remove("c");
    g.add(member("d", ["sticky", "roundrobin"]));
    // candidates {roundrobin}: everyone votes roundrobin
    expect(g.selectProtocol()).toBe("roundrobin");
  });

  it("checks protocol support against the current members", () => {
    const g = new GroupMetadata("g", "Empty", now);
    expect(g.supportsProtocols("consumer", new Set(["range"]))).toBe(true);
    expect(g.supportsProtocols("", new Set(["range"]))).toBe(false);
    g.add(member("a", ["range"]));
    g.transitionTo("PreparingRebalance");
    expect(g.supportsProtocols("consumer", new Set(["roundrobin"]))).toBe(false);
    expect(g.supportsProtocols("connect", new Set(["range"]))).toBe(false);
    expect(g.supportsProtocols("consumer", new Set(["range", "x"]))).toBe(true);
  });
});
