import * as fs from "node:fs";
import * as path from "node:path";
import type { Trace } from "./Trace";

// One node's disk: a real directory. Every write goes to the real file at once (the OS page cache), and the
// Disk remembers, per file, how much of it is durable (flushed with fsync). crash() is a process crash: the page
// cache survives, nothing is lost. crash({ loseUnflushed: true }) is a power loss: every file goes back to
// its flushed length (overwrites of flushed bytes are undone) and files never flushed disappear.
// Metadata operations (mkdirs, rename, delete, truncate) count as durable at once.

export interface DiskOptions {
  /** Call fsync for real on flush (default true). The durability bookkeeping is the same either way. */
  fsync?: boolean;
  trace?: Trace;
  /** File descriptors kept open at most (least recently opened ones are closed first). Default 256. */
  maxOpenFiles?: number;
}

/** What the Disk knows about one file it has opened. */
class FileState {
  fd = -1;
  constructor(
    /** Current length (all writes go through the Disk, so no fstat per write). */
    public size: number,
    /** Durable prefix length. */
    public flushed: number,
    /** false: created since the last flush, so a power loss deletes it. */
    public durable: boolean,
  ) {}
  /** Flushed bytes overwritten since the last flush, saved so a power loss can put them back. */
  undo: { position: number; bytes: Buffer }[] | null = null;

  dirty(): boolean {
    return this.size !== this.flushed || this.undo !== null || !this.durable;
  }
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === "ENOENT";
}

export class Disk {
  /** Absolute path of this node's directory. */
  readonly root: string;
  private readonly files = new Map<string, FileState>();
  private readonly open = new Set<FileState>();
  private readonly fsyncEnabled: boolean;
  private readonly maxOpenFiles: number;
  private readonly trace: Trace | undefined;

  constructor(root: string, readonly node: string = path.basename(root), opts: DiskOptions = {}) {
    this.root = path.resolve(root);
    this.fsyncEnabled = opts.fsync ?? true;
    this.maxOpenFiles = Math.max(1, opts.maxOpenFiles ?? 256);
    this.trace = opts.trace;
    fs.mkdirSync(this.root, { recursive: true });
  }

  /** Absolute path of `rel` (relative to the root; absolute paths and `..` escapes are rejected). */
  path(rel: string): string {
    const key = this.key(rel);
    return key === "" ? this.root : path.join(this.root, key);
  }

  exists(rel: string): boolean {
    const key = this.key(rel);
    return this.files.has(key) || fs.existsSync(this.path(key)); // files are only removed through this Disk
  }

  mkdirs(rel: string): void {
    fs.mkdirSync(this.path(rel), { recursive: true });
  }

  /** Names in a directory, sorted. */
  list(rel = ""): string[] {
    return fs.readdirSync(this.path(rel)).sort();
  }

  size(rel: string): number {
    const st = this.files.get(this.key(rel));
    return st !== undefined ? st.size : fs.statSync(this.path(rel)).size;
  }

  /** Appends at the end of the file (creating it); returns the position the data starts at. */
  append(rel: string, data: Uint8Array | Uint8Array[]): number {
    const st = this.state(rel, true);
    const position = st.size;
    if (Array.isArray(data)) {
      let total = 0;
      for (const d of data) total += d.byteLength;
      const written = fs.writevSync(st.fd, data, position);
      if (written !== total) {
        // A short vectored write is rare on regular files; finish buffer by buffer.
        let pos = position;
        for (const d of data) {
          writeFully(st.fd, d, pos);
          pos += d.byteLength;
        }
      }
      st.size = position + total;
    } else {
      writeFully(st.fd, data, position);
      st.size = position + data.byteLength;
    }
    return position;
  }

  /** Writes at `position` (creating the file; a gap reads as zeros). */
  writeAt(rel: string, position: number, data: Uint8Array): void {
    if (!Number.isSafeInteger(position) || position < 0) throw new Error(`Invalid position ${position} for ${rel}`);
    const st = this.state(rel, true);
    if (position < st.flushed && data.byteLength > 0) {
      const end = Math.min(position + data.byteLength, st.flushed);
      const saved = Buffer.alloc(end - position);
      fs.readSync(st.fd, saved, 0, saved.length, position);
      (st.undo ??= []).push({ position, bytes: saved });
    }
    writeFully(st.fd, data, position);
    st.size = Math.max(st.size, position + data.byteLength);
  }

  /** Reads up to `length` bytes at `position`; shorter at the end of the file. Into `into` if given. */
  read(rel: string, position: number, length: number, into?: Buffer): Buffer {
    const st = this.state(rel, false);
    const buf = into ?? Buffer.allocUnsafe(Math.max(0, Math.min(length, st.size - position)));
    const want = Math.min(length, buf.length);
    let n = 0;
    while (n < want) {
      const r = fs.readSync(st.fd, buf, n, want - n, position + n);
      if (r === 0) break;
      n += r;
    }
    return n === buf.length ? buf : buf.subarray(0, n);
  }

  readAll(rel: string): Buffer {
    const st = this.state(rel, false);
    return this.read(rel, 0, st.size);
  }

  /** Kafka's checkpoint pattern: write `<rel>.tmp`, fsync, rename over `rel`. The result is flushed. */
  writeFileAtomic(rel: string, data: string | Uint8Array): void {
    const key = this.key(rel);
    const target = this.path(key);
    const tmp = `${target}.tmp`;
    this.forget(`${key}.tmp`);
    const fd = fs.openSync(tmp, "w");
    try {
      writeFully(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data, 0);
      if (this.fsyncEnabled) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.forget(key);
    fs.renameSync(tmp, target); // untracked from here on = fully durable
  }

  /** Sets the file's length (shrinking counts as durable at once; growing adds zeros, not yet flushed). */
  truncate(rel: string, length: number): void {
    if (!Number.isSafeInteger(length) || length < 0) throw new Error(`Invalid length ${length} for ${rel}`);
    const st = this.state(rel, false);
    fs.ftruncateSync(st.fd, length);
    st.size = length;
    if (length < st.flushed) {
      st.flushed = length;
      if (st.undo !== null) {
        st.undo = st.undo.filter((u) => u.position < length).map((u) =>
          u.position + u.bytes.length <= length ? u : { position: u.position, bytes: u.bytes.subarray(0, length - u.position) });
        if (st.undo.length === 0) st.undo = null;
      }
    }
  }

  /** Deletes a file; a missing file is fine (Files.deleteIfExists). */
  delete(rel: string): void {
    const key = this.key(rel);
    this.forget(key);
    try {
      fs.unlinkSync(this.path(key));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Deletes a directory and everything in it (not the root itself). */
  deleteDir(rel: string): void {
    const key = this.key(rel);
    if (key === "") throw new Error(`Refusing to delete the disk root of node ${this.node}`);
    for (const k of [...this.files.keys()]) if (k.startsWith(`${key}/`)) this.forget(k);
    fs.rmSync(this.path(key), { recursive: true, force: true });
  }

  /** Renames a file or directory (replacing `to` if it is a file); what is unflushed stays unflushed. */
  rename(from: string, to: string): void {
    const a = this.key(from);
    const b = this.key(to);
    if (a === "" || b === "") throw new Error(`Cannot rename the disk root of node ${this.node}`);
    fs.renameSync(this.path(a), this.path(b));
    this.forget(b);
    for (const [k, st] of [...this.files]) {
      if (k === a) this.rekey(k, b, st);
      else if (k.startsWith(`${a}/`)) this.rekey(k, b + k.substring(a.length), st);
    }
  }

  /** fsync one file, or every file with unflushed data; marks them flushed. */
  flush(rel?: string): void {
    if (rel !== undefined) {
      const key = this.key(rel);
      const st = this.files.get(key);
      if (st === undefined) {
        if (!fs.existsSync(this.path(key))) throw new Error(`Cannot flush ${key}: no such file on node ${this.node}`);
        return; // never written through this Disk: already durable
      }
      this.flushState(key, st);
      return;
    }
    for (const [key, st] of this.files) if (st.dirty()) this.flushState(key, st);
  }

  /** Bytes a power loss would lose now: the unflushed tail plus overwritten flushed bytes. */
  unflushedBytes(rel?: string): number {
    if (rel !== undefined) {
      const st = this.files.get(this.key(rel));
      return st === undefined ? 0 : unflushedOf(st);
    }
    let total = 0;
    for (const st of this.files.values()) total += unflushedOf(st);
    return total;
  }

  /**
   * The node crashed: its open files are closed. With `loseUnflushed` (power loss) every file returns to its
   * flushed state: tails cut, overwrites undone, never-flushed files deleted (directories stay).
   */
  crash(opts: { loseUnflushed?: boolean } = {}): void {
    this.closeAll();
    let lostBytes = 0;
    let deletedFiles = 0;
    if (opts.loseUnflushed) {
      for (const [key, st] of this.files) {
        const abs = this.path(key);
        if (!st.durable) {
          lostBytes += st.size;
          deletedFiles++;
          fs.rmSync(abs, { force: true });
          continue;
        }
        lostBytes += unflushedOf(st);
        if (st.undo !== null || st.size !== st.flushed) {
          const fd = fs.openSync(abs, "r+");
          try {
            if (st.undo !== null) {
              for (let i = st.undo.length - 1; i >= 0; i--) {
                const u = st.undo[i] as { position: number; bytes: Buffer };
                writeFully(fd, u.bytes, u.position);
              }
            }
            fs.ftruncateSync(fd, st.flushed);
          } finally {
            fs.closeSync(fd);
          }
        }
      }
      this.files.clear();
    }
    this.trace?.record(this.node, "disk.crash", { loseUnflushed: opts.loseUnflushed === true, lostBytes, deletedFiles });
  }

  /** Closes every open file (the data stays, flushed or not). */
  close(): void {
    this.closeAll();
  }

  private flushState(key: string, st: FileState): void {
    if (this.fsyncEnabled) {
      if (st.fd < 0) this.reopen(key, st);
      fs.fsyncSync(st.fd);
    }
    st.flushed = st.size;
    st.undo = null;
    st.durable = true;
  }

  /** The state of an open file, opening (and with `create`, creating) it if needed. */
  private state(rel: string, create: boolean): FileState {
    let st = this.files.get(rel); // fast path: rel is already a normalized key
    let key = rel;
    if (st === undefined) {
      key = this.key(rel);
      st = this.files.get(key);
    }
    if (st !== undefined) {
      if (st.fd < 0) this.reopen(key, st);
      return st;
    }
    const abs = this.path(key);
    let fd: number;
    let created = false;
    try {
      fd = fs.openSync(abs, fs.constants.O_RDWR);
    } catch (e) {
      if (!create || !isNotFound(e)) throw e;
      fd = fs.openSync(abs, fs.constants.O_RDWR | fs.constants.O_CREAT);
      created = true;
    }
    const size = created ? 0 : fs.fstatSync(fd).size;
    st = new FileState(size, size, !created);
    st.fd = fd;
    this.files.set(key, st);
    this.opened(st);
    return st;
  }

  private reopen(key: string, st: FileState): void {
    st.fd = fs.openSync(this.path(key), fs.constants.O_RDWR);
    this.opened(st);
  }

  private opened(st: FileState): void {
    this.open.add(st);
    if (this.open.size > this.maxOpenFiles) {
      for (const victim of this.open) {
        if (victim === st) continue;
        fs.closeSync(victim.fd);
        victim.fd = -1;
        this.open.delete(victim);
        break;
      }
    }
  }

  /** Stops tracking a file that is about to be deleted or replaced. */
  private forget(key: string): void {
    const st = this.files.get(key);
    if (st === undefined) return;
    if (st.fd >= 0) {
      fs.closeSync(st.fd);
      st.fd = -1;
      this.open.delete(st);
    }
    this.files.delete(key);
  }

  private rekey(from: string, to: string, st: FileState): void {
    this.files.delete(from);
    this.files.set(to, st); // an open descriptor still points at the renamed file
  }

  private closeAll(): void {
    for (const st of this.open) {
      fs.closeSync(st.fd);
      st.fd = -1;
    }
    this.open.clear();
  }

  /** Normalizes a relative path to a key ("" = the root); rejects absolute paths and escapes. */
  private key(rel: string): string {
    if (typeof rel !== "string") throw new Error(`Invalid path ${String(rel)}: must be a string`);
    if (rel.includes("\u0000")) throw new Error(`Invalid path ${JSON.stringify(rel)}: contains a NUL character`);
    const slashed = rel.replace(/\\/g, "/");
    if (path.isAbsolute(rel) || slashed.startsWith("/") || /^[A-Za-z]:/.test(rel)) {
      throw new Error(`Absolute path ${rel} is not allowed: paths are relative to the disk root of node ${this.node} (${this.root})`);
    }
    const n = path.posix.normalize(slashed);
    if (n === ".." || n.startsWith("../")) {
      throw new Error(`Path ${rel} escapes the disk root of node ${this.node} (${this.root})`);
    }
    return n === "." || n === "./" ? "" : n.replace(/\/+$/, "");
  }
}

function unflushedOf(st: FileState): number {
  if (!st.durable) return st.size;
  let n = Math.max(0, st.size - st.flushed);
  if (st.undo !== null) for (const u of st.undo) n += u.bytes.length;
  return n;
}

function writeFully(fd: number, data: Uint8Array, position: number): void {
  let off = 0;
  while (off < data.byteLength) {
    off += fs.writeSync(fd, data, off, data.byteLength - off, position + off);
  }
}
