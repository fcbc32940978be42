import { describe, expect, it, vi } from "vitest";

// Simulate a platform where the @node-rs/crc32 addon cannot load: crc32c must fall back to pure JS.
vi.mock("../../../kernel-lib/src/storage/compression/nodeRequire", () => ({
  nodeRequire: (id: string) => {
    throw new Error(`Cannot find module '${id}' (simulated missing native addon)`);
  },
}));

const { crc32c, crc32cImplementation, nativeCrc32c } = await import("../../../kernel-lib/src/storage/Crc32C");

describe("CRC-32C without the native addon", () => {
  it("falls back to the slicing-by-8 implementation and still verifies", () => {
    expect(nativeCrc32c()).toBeNull();
    expect(crc32cImplementation()).toBe("js");
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });
});
