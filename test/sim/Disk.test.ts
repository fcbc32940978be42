import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Disk } from "../../kernel-lib/src/sim/Disk";
import { Runtime } from "../../kernel-lib/src/sim/Runtime";

let dir: string;
let disk: Disk;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafkalab-disk-test-"));
  disk = new Disk(path.join(dir, "broker-0"), "broker-0");
});

afterEach(() => {
  disk.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const b = (s: string) => Buffer.from(s, "utf8");

describe("Disk", () => {
  it("appends, reads and writes real files under its root", () => {
    disk.mkdirs("topic-0");
    expect(disk.append("topic-0/00000000000000000000.log", b("hello "))).toBe(0);
    expect(disk.append("topic-0/00000000000000000000.log", [b("wor"), b("ld")])).toBe(6);
    expect(disk.size("topic-0/00000000000000000000.log")).toBe(11);
    expect(fs.readFileSync(path.join(disk.root, "topic-0", "00000000000000000000.log"), "utf8")).toBe("hello world");
    expect(disk.read("topic-0/00000000000000000000.log", 6, 5).toString()).toBe("world");
    expect(disk.read("topic-0/00000000000000000000.log", 6, 100).toString()).toBe("world"); // short at the end
    const into = Buffer.alloc(16);
    expect(disk.read("topic-0/00000000000000000000.log", 0, 5, into).toString()).toBe("hello");
    disk.writeAt("topic-0/00000000000000000000.log", 0, b("HELLO"));
    expect(disk.readAll("topic-0/00000000000000000000.log").toString()).toBe("HELLO world");
    disk.truncate("topic-0/00000000000000000000.log", 5);
    expect(disk.readAll("topic-0/00000000000000000000.log").toString()).toBe("HELLO");
    expect(disk.exists("topic-0/00000000000000000000.log")).toBe(true);
    disk.append("topic-0/00000000000000000000.index", b("i"));
    disk.append("topic-0/00000000000000000000.timeindex", b("t"));
    expect(disk.list("topic-0")).toEqual(["00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex"]);
    expect(disk.list()).toEqual(["topic-0"]);
    disk.delete("topic-0/00000000000000000000.index");
    disk.delete("topic-0/00000000000000000000.index"); // deleteIfExists
    expect(disk.exists("topic-0/00000000000000000000.index")).toBe(false);
    disk.rename("topic-0", "topic-0.abc-delete");
    expect(disk.readAll("topic-0.abc-delete/00000000000000000000.log").toString()).toBe("HELLO");
    disk.deleteDir("topic-0.abc-delete");
    expect(disk.list()).toEqual([]);
    expect(disk.path("a/b")).toBe(path.join(disk.root, "a", "b"));
    expect(disk.path("")).toBe(disk.root);
  });

  it("tracks the flushed length per file", () => {
    disk.append("a.log", b("0123456789"));
    expect(disk.unflushedBytes("a.log")).toBe(10);
    disk.flush("a.log");
    expect(disk.unflushedBytes("a.log")).toBe(0);
    disk.append("a.log", b("abc"));
    disk.append("b.log", b("xy"));
    expect(disk.unflushedBytes()).toBe(5);
    disk.flush();
    expect(disk.unflushedBytes()).toBe(0);
    expect(() => disk.flush("missing.log")).toThrow(/no such file/);
  });

  it("crash() keeps unflushed data (the page cache survives a process crash)", () => {
    disk.append("a.log", b("durable"));
    disk.flush("a.log");
    disk.append("a.log", b("+cached"));
    disk.append("new.log", b("never flushed"));
    disk.crash();
    expect(disk.readAll("a.log").toString()).toBe("durable+cached");
    expect(disk.readAll("new.log").toString()).toBe("never flushed");
    // Still unflushed: a later power loss would lose it.
    expect(disk.unflushedBytes()).toBe(7 + 13);
    disk.crash({ loseUnflushed: true });
    expect(disk.readAll("a.log").toString()).toBe("durable");
    expect(disk.exists("new.log")).toBe(false);
  });

  it("crash({ loseUnflushed: true }) drops exactly the unflushed tail, undoes overwrites, deletes never-flushed files", () => {
    disk.mkdirs("t-0");
    disk.append("t-0/seg.log", Buffer.alloc(1000, 1));
    disk.flush("t-0/seg.log");
    disk.append("t-0/seg.log", Buffer.alloc(234, 2));
    disk.writeAt("t-0/seg.log", 990, Buffer.alloc(20, 3)); // overwrites 10 flushed bytes and 10 unflushed ones
    disk.append("t-0/other.log", b("gone"));
    disk.mkdirs("t-1");
    disk.append("t-1/x.log", b("gone too"));
    expect(disk.unflushedBytes("t-0/seg.log")).toBe(234 + 10);
    disk.crash({ loseUnflushed: true });
    const data = fs.readFileSync(path.join(disk.root, "t-0", "seg.log"));
    expect(data.length).toBe(1000);
    expect(data.equals(Buffer.alloc(1000, 1))).toBe(true);
    expect(disk.exists("t-0/other.log")).toBe(false);
    expect(disk.exists("t-1/x.log")).toBe(false);
    expect(disk.list()).toEqual(["t-0", "t-1"]); // directories stay
    expect(disk.unflushedBytes()).toBe(0);
    // After the crash the disk works on: appends go after the durable data.
    expect(disk.append("t-0/seg.log", b("z"))).toBe(1000);
  });

  it("files already on disk when first opened count as flushed", () => {
    fs.writeFileSync(path.join(disk.root, "old.log"), "from a previous run");
    disk.append("old.log", b("!"));
    expect(disk.unflushedBytes("old.log")).toBe(1);
    disk.crash({ loseUnflushed: true });
    expect(disk.readAll("old.log").toString()).toBe("from a previous run");
  });

  it("shrinking truncates are durable at once; a renamed unflushed file stays unflushed", () => {
    disk.append("a.log", b("0123456789"));
    disk.flush();
    disk.truncate("a.log", 4);
    disk.append("a.log", b("XY"));
    disk.append("tmp.log", b("data"));
    disk.rename("tmp.log", "final.log");
    disk.crash({ loseUnflushed: true });
    expect(disk.readAll("a.log").toString()).toBe("0123");
    expect(disk.exists("final.log")).toBe(false);
  });

  it("writeFileAtomic writes through a .tmp file and the result is flushed", () => {
    disk.writeFileAtomic("recovery-point-offset-checkpoint", "0\n1\ntopic 0 42\n");
    expect(disk.readAll("recovery-point-offset-checkpoint").toString()).toBe("0\n1\ntopic 0 42\n");
    expect(disk.exists("recovery-point-offset-checkpoint.tmp")).toBe(false);
    expect(disk.unflushedBytes()).toBe(0);
    disk.append("recovery-point-offset-checkpoint", b("junk")); // later unflushed change
    disk.writeFileAtomic("recovery-point-offset-checkpoint", Buffer.from("0\n0\n"));
    disk.crash({ loseUnflushed: true });
    expect(disk.readAll("recovery-point-offset-checkpoint").toString()).toBe("0\n0\n");
  });

  it("rejects absolute paths and paths escaping the root", () => {
    expect(() => disk.append("../escape.log", b("x"))).toThrow(/escapes the disk root of node broker-0/);
    expect(() => disk.readAll("a/../../escape.log")).toThrow(/escapes the disk root/);
    expect(() => disk.path("..")).toThrow(/escapes the disk root/);
    expect(() => disk.append("/etc/passwd", b("x"))).toThrow(/Absolute path \/etc\/passwd is not allowed/);
    expect(() => disk.deleteDir("")).toThrow(/Refusing to delete the disk root/);
    expect(fs.existsSync(path.join(dir, "escape.log"))).toBe(false);
    disk.append("a/../inside.log", b("ok")); // normalizes inside the root
    expect(disk.readAll("inside.log").toString()).toBe("ok");
  });

  it("keeps working past the open-file limit", () => {
    const small = new Disk(path.join(dir, "small"), "small", { maxOpenFiles: 4, fsync: false });
    for (let i = 0; i < 20; i++) small.append(`f${i}`, b(`v${i}`));
    for (let i = 0; i < 20; i++) small.append(`f${i}`, b("!"));
    small.flush();
    for (let i = 0; i < 20; i++) expect(small.readAll(`f${i}`).toString()).toBe(`v${i}!`);
    small.close();
  });

  it("is one real directory per node under the runtime's baseDir", async () => {
    const rt = new Runtime({ baseDir: path.join(dir, "cluster") });
    const d1 = rt.disk("broker-1");
    expect(rt.disk("broker-1")).toBe(d1);
    expect(d1.root).toBe(path.join(dir, "cluster", "broker-1"));
    d1.append("x", b("1"));
    d1.crash({ loseUnflushed: true });
    expect(rt.trace.events().at(-1)).toMatchObject({ node: "broker-1", kind: "disk.crash", detail: { lostBytes: 1, deletedFiles: 1 } });
    await rt.close();
    expect(fs.existsSync(path.join(dir, "cluster"))).toBe(true); // not created by the runtime: kept
  });
});
