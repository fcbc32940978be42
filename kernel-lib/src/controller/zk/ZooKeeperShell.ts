// zookeeper-shell.sh (org.apache.zookeeper.ZooKeeperMain): browse the znode tree with ZooKeeper's CLI commands
// and its output formats: `ls /brokers/ids` -> `[1, 2, 3]`, `get -s /controller` -> data then the stat block,
// errors like `Node does not exist: /foo`. The shell is a ZooKeeper client of its own (a node on the network),
// so it sees what any client sees, and fails as one when ZooKeeper is down.
import type { Runtime } from "../../sim/Runtime";
import { CreateMode } from "./CreateMode";
import { KeeperException } from "./KeeperException";
import { childPath } from "./PathUtils";
import { type Stat, formatStat } from "./Stat";
import type { WatchedEvent } from "./WatchedEvent";
import { ZooKeeperClient } from "./ZooKeeperClient";

/** A znode and its subtree, for drawings in notebooks. */
export interface ZNodeTree {
  path: string;
  name: string;
  /** The data as UTF-8 text (null for null data). */
  data: string | null;
  ephemeral: boolean;
  stat: Stat;
  children: ZNodeTree[];
}

export interface ZooKeeperShellOptions {
  connectString: string;
  /** Maps host:port to the ZooKeeper server's node name (default: the host). */
  resolve?: (host: string, port: number) => string;
  /** The shell's own node name (default "zookeeper-shell"). */
  node?: string;
  /** ZooKeeperMain's -timeout (default 30000). */
  sessionTimeoutMs?: number;
}

// ZooKeeperMain's usage lines for the commands this shell knows.
const USAGE: Record<string, string> = {
  create: "create [-s] [-e] path [data]",
  delete: "delete [-v version] path",
  deleteall: "deleteall path",
  get: "get [-s] [-w] path",
  ls: "ls [-s] [-w] [-R] path",
  set: "set [-s] [-v version] path data",
  stat: "stat [-w] path",
};

export class ZooKeeperShell {
  private readonly events: string[] = [];

  constructor(readonly zk: ZooKeeperClient) {}

  /** Connects a shell client, as `zookeeper-shell.sh hadoop102:2181` does. */
  static async connect(runtime: Runtime, opts: ZooKeeperShellOptions): Promise<ZooKeeperShell> {
    let shell: ZooKeeperShell | null = null;
    const zk = new ZooKeeperClient(runtime, {
      node: opts.node ?? "zookeeper-shell",
      connectString: opts.connectString,
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 30_000,
      ...(opts.resolve ? { resolve: opts.resolve } : {}),
      reinitializeOnExpiry: false,
      ownsNode: true,
      watcher: (e) => shell?.onEvent(e),
    });
    shell = new ZooKeeperShell(zk);
    await zk.connect();
    return shell;
  }

  /** What zookeeper-shell.sh prints before a command's output when run with `host:port cmd args`. */
  static banner(connectString: string): string {
    return `Connecting to ${connectString}\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n`;
  }

  /** Disconnects (closes the shell's session). */
  async close(): Promise<void> {
    await this.zk.close();
  }

  /**
   * Runs one command line and returns what the shell prints (without the trailing newline). Watch events
   * that arrived since the last command come first, as `WATCHER::` blocks.
   */
  async run(commandLine: string): Promise<string> {
    const out: string[] = this.events.splice(0);
    const args = tokenize(commandLine);
    const cmd = args.shift();
    if (cmd === undefined) return out.join("\n");
    try {
      out.push(...(await this.execute(cmd, args)));
    } catch (e) {
      out.push(errorMessage(e));
    }
    return out.join("\n");
  }

  /** The subtree under `path` (children sorted), with data and stats. */
  async tree(path = "/"): Promise<ZNodeTree> {
    const { data, stat } = await this.zk.getData(path);
    const children: ZNodeTree[] = [];
    for (const c of await this.zk.getChildren(path)) children.push(await this.tree(childPath(path, c)));
    const name = path === "/" ? "/" : path.substring(path.lastIndexOf("/") + 1);
    return { path, name, data: data === null ? null : data.toString("utf8"), ephemeral: stat.ephemeralOwner !== "0x0", stat, children };
  }

  private onEvent(e: WatchedEvent): void {
    if (e.type === "None" && e.state === "SyncConnected") return; // shown by banner()
    // ZooKeeperMain.MyWatcher prints "\nWATCHER::" and "\n" + the event.
    this.events.push("", "WATCHER::", "", e.toString());
  }

  private async execute(cmd: string, args: string[]): Promise<string[]> {
    const { flags, rest, values } = options(args, cmd === "set" || cmd === "delete" ? ["v"] : []);
    const path = rest[0];
    const needPath = (): string => {
      if (path === undefined) throw new UsageError(cmd);
      return path;
    };
    switch (cmd) {
      case "ls": {
        const p = needPath();
        if (flags.has("R")) return await this.listRecursive(p);
        const { children, stat } = await this.zk.getChildrenAndStat(p, flags.has("w"));
        const lines = [`[${[...children].sort().join(", ")}]`];
        if (flags.has("s")) lines.push(formatStat(stat));
        return lines;
      }
      case "get": {
        const { data, stat } = await this.zk.getData(needPath(), flags.has("w"));
        const lines = [data === null ? "null" : data.toString("utf8")];
        if (flags.has("s")) lines.push(formatStat(stat));
        return lines;
      }
      case "stat": {
        const stat = await this.zk.exists(needPath(), flags.has("w"));
        if (stat === null) throw KeeperException.create(-101, path);
        return [formatStat(stat)];
      }
      case "create": {
        const mode = flags.has("e")
          ? (flags.has("s") ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL)
          : (flags.has("s") ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT);
        const created = await this.zk.create(needPath(), rest.length > 1 ? (rest[1] as string) : null, mode);
        return [`Created ${created}`];
      }
      case "set": {
        if (rest.length < 2) throw new UsageError(cmd);
        const stat = await this.zk.setData(needPath(), rest[1] as string, values.has("v") ? Number(values.get("v")) : -1);
        return flags.has("s") ? [formatStat(stat)] : [];
      }
      case "delete":
        await this.zk.delete(needPath(), values.has("v") ? Number(values.get("v")) : -1);
        return [];
      case "deleteall":
        await this.deleteRecursive(needPath());
        return [];
      default:
        return [
          "ZooKeeper -server host:port -client-configuration properties-file cmd args",
          ...Object.keys(USAGE).sort().map((k) => `\t${USAGE[k]}`),
        ];
    }
  }

  // ZKUtil.visitSubTreeDFS: the path, then each child's subtree.
  private async listRecursive(path: string): Promise<string[]> {
    const out = [path];
    for (const c of await this.zk.getChildren(path)) out.push(...(await this.listRecursive(childPath(path, c))));
    return out;
  }

  // ZKUtil.deleteRecursive: children first.
  private async deleteRecursive(path: string): Promise<void> {
    for (const c of await this.zk.getChildren(path)) await this.deleteRecursive(childPath(path, c));
    await this.zk.delete(path, -1);
  }
}

class UsageError extends Error {
  constructor(cmd: string) {
    super(USAGE[cmd] ?? cmd);
  }
}

// CliWrapperException: how ZooKeeperMain words KeeperExceptions.
function errorMessage(e: unknown): string {
  if (e instanceof KeeperException) {
    const p = e.path;
    switch (e.code) {
      case -101: return `Node does not exist: ${p}`;
      case -108: return `Ephemerals cannot have children: ${p}`;
      case -110: return `Node already exists: ${p}`;
      case -111: return `Node not empty: ${p}`;
      case -114: return `Acl is not valid : ${p}`;
      case -102: return `Insufficient permission : ${p}`;
      case -8: return `Argument error : ${p}`;
      case -103: return `version No is not valid : ${p}`;
      default: return e.message;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

// ZooKeeperMain.MyCommandOptions: words, or "quoted" / 'quoted' strings.
function tokenize(line: string): string[] {
  const out: string[] = [];
  const re = /\s*([^"'\s]\S*|"[^"]*"|'[^']*')\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null && m[0] !== "") {
    const w = m[1] as string;
    out.push((w.startsWith('"') && w.endsWith('"')) || (w.startsWith("'") && w.endsWith("'")) ? w.slice(1, -1) : w);
  }
  return out;
}

function options(args: string[], withValue: string[]): { flags: Set<string>; values: Map<string, string>; rest: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (/^-[A-Za-z]$/.test(a)) {
      const f = a.substring(1);
      if (withValue.includes(f)) values.set(f, args[++i] ?? "");
      else flags.add(f);
    } else {
      rest.push(a);
    }
  }
  return { flags, values, rest };
}
