// The notes' start/stop scripts over the simulated hosts (hadoop102..104): `kf.sh start|stop`, `zk.sh
// start|stop|status`, `xcall.sh jps`, `jps`, `ssh <host> <command>`, and the single-node scripts Kafka ships
// (`kafka-server-start.sh [-daemon] config/server.properties [--override k=v]`, `kafka-server-stop.sh`,
// `zookeeper-server-start.sh [-daemon] config/zookeeper.properties`, `zookeeper-server-stop.sh`). They map onto
// EmbeddedCluster / KafkaServer / ZooKeeperServer; the order rules of the notes ("start ZooKeeper first, stop Kafka
// first") are not checked here, they follow from what the servers do:
//   - a broker started without ZooKeeper waits zookeeper.connection.timeout.ms (18 s virtual) and then fails with
//     `Fatal error during KafkaServer startup` + ZooKeeperClientTimeoutException;
//   - a second broker with a broker.id already registered fails with NodeExistsException;
//   - a broker told to stop while ZooKeeper is down hangs in its controlled shutdown (it cannot reach ZooKeeper):
//     it stays in `jps` until ZooKeeper is back (then it finishes stopping), as a real one does.
//
// How a command says which host it runs on: `ssh hadoop103 kafka-server-stop.sh` (as the notes' scripts do);
// without ssh a command runs on the first broker host (the notes' prompt is `[atguigu@hadoop102 kafka]$`).
//
// `-daemon`: the real script returns at once and the broker logs to logs/server.log. Here the command returns when
// the broker is up (printing nothing, like -daemon) or when its startup failed; then it prints the fatal lines of
// server.log, so the cell shows what happened (exit code 0 as the backgrounding script's). Without -daemon the
// broker's `started` line is printed (the foreground script would keep running; here it returns once started)
// and a failed start exits 1.
// kafka-server-stop.sh returns when the broker has stopped (the real script only sends SIGTERM), except in the
// hung case above, where it returns at once.
//
// Echo lines: kf.sh echoes `************start**********` / `************stop**********` once per host, the
// `echo "************$1**********"` of the notes' script (001_*.txt); zk.sh has no script in the notes and uses the
// same loop and echo; xcall.sh echoes `--------- hadoop102 ----------` (the usual xcall.sh of these courses).
// ZooKeeper here is one standalone server on the cluster's ZooKeeper host: zk.sh loops over that host only.
import { EmbeddedCluster } from "../broker/EmbeddedCluster";
import type { KafkaServer } from "../broker/KafkaServer";
import { KeeperException } from "../controller/zk/KeeperException";
import { stackTraceWithoutFrames } from "./JavaNames";
import { log4jLine } from "./Log4jLine";
import { readProperties } from "./Properties";
import { parseShellScript, scriptName, ShellSyntaxError } from "./ShellLine";
import type { Tool, ToolContext } from "./Tool";

/** What the scripts remember of a cluster: hung stops and the pids `jps` shows. */
interface HostProcesses {
  /** Hosts whose broker got SIGTERM while ZooKeeper was down (still running, stuck in controlled shutdown). */
  pendingStop: Set<string>;
  /** pid of each running process, by `host/Kafka` or `host/QuorumPeerMain`, with the server object it belongs to. */
  pids: Map<string, { pid: number; owner: unknown }>;
  nextPid: number;
}

const processes = new WeakMap<EmbeddedCluster, HostProcesses>();

function processesOf(c: EmbeddedCluster): HostProcesses {
  let p = processes.get(c);
  if (p === undefined) {
    p = { pendingStop: new Set(), pids: new Map(), nextPid: 2000 + c.runtime.random.fork("jps").nextIntBelow(1000) };
    processes.set(c, p);
  }
  return p;
}

type HostTool = (args: string[], ctx: ToolContext, c: EmbeddedCluster, host: string) => Promise<number>;

function clusterOf(ctx: ToolContext): EmbeddedCluster | null {
  if (ctx.cluster instanceof EmbeddedCluster) return ctx.cluster;
  try {
    return EmbeddedCluster.of(ctx.runtime());
  } catch {
    return null;
  }
}

function isUp(s: KafkaServer): boolean {
  return s.state !== "NOT_RUNNING" && s.state !== "CRASHED";
}

/** Throwable as log4j prints it after a message (class: message; frames left out). */
function throwableText(e: unknown): string {
  if (e instanceof KeeperException) return `org.apache.zookeeper.KeeperException$${e.name}: ${e.message}`;
  return stackTraceWithoutFrames(e);
}

/** Hung stops finish once ZooKeeper is back (the controlled shutdown gets its answers). */
async function settlePendingStops(c: EmbeddedCluster): Promise<void> {
  const p = processesOf(c);
  if (!c.zookeeper.isRunning || p.pendingStop.size === 0) return;
  for (const host of [...p.pendingStop]) {
    p.pendingStop.delete(host);
    await c.broker(host).shutdown();
  }
}

// ------------------------------------------------------------------------------------------------ single-node scripts

const kafkaServerStart: HostTool = async (args, ctx, c, host) => {
  const io = ctx.io;
  const daemon = args[0] === "-daemon";
  const rest = daemon ? args.slice(1) : args;
  if (rest.length === 0) {
    io.println("USAGE: kafka-server-start.sh [-daemon] server.properties [--override property=value]*");
    return 1;
  }
  const overrides: Record<string, string> = {};
  const file = ctx.readFile(rest[0]);
  if (file !== null) Object.assign(overrides, readProperties(file));
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] === "--override" && i + 1 < rest.length) {
      const kv = rest[++i];
      const eq = kv.indexOf("=");
      if (eq > 0) overrides[kv.substring(0, eq)] = kv.substring(eq + 1);
    }
  }
  const rt = c.runtime;
  let server = c.broker(host);
  if (isUp(server)) {
    // A second Kafka process on the same host: its LogManager cannot lock the log dir the first one holds.
    const id = overrides["broker.id"] ?? String(server.brokerId);
    io.println(log4jLine(rt.now(), "ERROR", `[KafkaServer id=${id}] Fatal error during KafkaServer startup. Prepare to shutdown`, "kafka.server.KafkaServer").trimEnd());
    io.println(`org.apache.kafka.common.KafkaException: Failed to acquire lock on file .lock in ${server.config.logDirs}. A Kafka instance in another process or thread is using this directory.`);
    return daemon ? 0 : 1;
  }
  // The server object holds the properties it was started with: a start with other ones is a new process.
  const wanted = { ...c.installedConfig(host), ...overrides };
  const current = server.config.originals;
  const same = Object.keys(wanted).length === Object.keys(current).length &&
    Object.entries(wanted).every(([k, v]) => current[k] !== undefined && String(current[k]) === v);
  if (!same) server = c.reconfigureBroker(host, overrides);
  try {
    await server.startup();
  } catch (e) {
    io.println(log4jLine(rt.now(), "ERROR", `[KafkaServer id=${server.brokerId}] Fatal error during KafkaServer startup. Prepare to shutdown`, "kafka.server.KafkaServer").trimEnd());
    io.println(throwableText(e));
    return daemon ? 0 : 1;
  }
  if (!daemon) io.println(log4jLine(rt.now(), "INFO", `[KafkaServer id=${server.brokerId}] started`, "kafka.server.KafkaServer").trimEnd());
  return 0;
};

const kafkaServerStop: HostTool = async (_args, ctx, c, host) => {
  const p = processesOf(c);
  const server = c.broker(host);
  if (!isUp(server) || p.pendingStop.has(host)) {
    if (p.pendingStop.has(host)) return 0; // the process is still there (stuck); SIGTERM again changes nothing
    ctx.io.println("No kafka server to stop");
    return 1;
  }
  if (server.zooKeeperClient?.state !== "CONNECTED" || !c.zookeeper.isRunning) {
    // Controlled shutdown needs ZooKeeper (the controller's id): the broker hangs retrying until it is back.
    p.pendingStop.add(host);
    return 0;
  }
  await server.shutdown();
  return 0;
};

const zookeeperServerStart: HostTool = async (args, ctx, c, host) => {
  const rest = args[0] === "-daemon" ? args.slice(1) : args;
  if (rest.length === 0) {
    ctx.io.println("USAGE: zookeeper-server-start.sh [-daemon] zookeeper.properties");
    return 1;
  }
  if (host !== c.zookeeper.host) {
    ctx.io.eprintln(`zookeeper-server-start.sh: this cluster's ZooKeeper is the one on ${c.zookeeper.hostPort}`);
    return 1;
  }
  c.startZooKeeper();
  await settlePendingStops(c);
  return 0;
};

const zookeeperServerStop: HostTool = async (_args, ctx, c, host) => {
  if (host !== c.zookeeper.host || !c.zookeeper.isRunning) {
    ctx.io.println("No zookeeper server to stop");
    return 1;
  }
  c.stopZooKeeper();
  return 0;
};

/** jps: the JVMs on a host (`<pid> Kafka`, `<pid> QuorumPeerMain`, `<pid> Jps`), pids stable while a process runs. */
const jps: HostTool = async (_args, ctx, c, host) => {
  const p = processesOf(c);
  const lines: [number, string][] = [];
  const pidOf = (name: string, owner: unknown): number => {
    const key = `${host}/${name}`;
    const known = p.pids.get(key);
    if (known !== undefined && known.owner === owner) return known.pid;
    const pid = p.nextPid;
    p.nextPid += 1 + c.runtime.random.fork(`jps/${pid}`).nextIntBelow(400);
    p.pids.set(key, { pid, owner });
    return pid;
  };
  const server = c.servers.find((s) => s.host === host);
  if (server !== undefined && isUp(server)) lines.push([pidOf("Kafka", server), "Kafka"]);
  else p.pids.delete(`${host}/Kafka`);
  if (c.zookeeper.host === host && c.zookeeper.isRunning) lines.push([pidOf("QuorumPeerMain", c.zookeeper.dataTree), "QuorumPeerMain"]);
  else p.pids.delete(`${host}/QuorumPeerMain`);
  lines.push([p.nextPid, "Jps"]);
  p.nextPid += 1 + c.runtime.random.fork(`jps/${p.nextPid}`).nextIntBelow(400);
  lines.sort((a, b) => a[0] - b[0]);
  for (const [pid, name] of lines) ctx.io.println(`${pid} ${name}`);
  return 0;
};

// ----------------------------------------------------------------------------------------------------- the scripts

const hostTools = new Map<string, HostTool>([
  ["kafka-server-start.sh", kafkaServerStart],
  ["kafka-server-stop.sh", kafkaServerStop],
  ["zookeeper-server-start.sh", zookeeperServerStart],
  ["zookeeper-server-stop.sh", zookeeperServerStop],
  ["jps", jps],
]);

/** Runs one command line on a host (what `ssh host "cmd"` runs there). */
async function runOnHost(script: string, ctx: ToolContext, c: EmbeddedCluster, host: string): Promise<number> {
  let code = 0;
  let commands;
  try {
    commands = parseShellScript(script);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    ctx.io.eprintln(`bash: ${e.message}`);
    return 2;
  }
  for (const cmd of commands) {
    if (cmd.after === "&&" && code !== 0) continue;
    if (cmd.after === "||" && code === 0) continue;
    const tool = hostTools.get(scriptName(cmd.argv[0]));
    if (tool === undefined) {
      ctx.io.eprintln(cmd.argv[0].includes("/") && !cmd.argv[0].startsWith("/opt/module/")
        ? `bash: ${cmd.argv[0]}: No such file or directory` : `bash: ${cmd.argv[0]}: command not found`);
      code = 127;
      continue;
    }
    code = await tool(cmd.argv.slice(1), ctx, c, host);
  }
  return code;
}

/** The tools run on the local host need the cluster; without one they say so. */
function onLocalHost(name: string, tool: HostTool): Tool {
  return async (args, ctx) => {
    const c = clusterOf(ctx);
    if (c === null) {
      ctx.io.eprintln(`${name}: no cluster to run on (start one with EmbeddedCluster.start)`);
      return 1;
    }
    await settlePendingStops(c);
    return tool(args, ctx, c, c.hosts[0]!);
  };
}

const ssh: HostTool = async (args, ctx, c) => {
  const opts = [...args];
  while (opts.length > 0 && opts[0].startsWith("-")) opts.shift();
  const host = opts.shift();
  if (host === undefined) {
    ctx.io.eprintln("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] destination [command]");
    return 255;
  }
  const target = host.includes("@") ? host.substring(host.indexOf("@") + 1) : host;
  if (!c.hosts.includes(target) && target !== c.zookeeper.host) {
    ctx.io.eprintln(`ssh: Could not resolve hostname ${target}: Name or service not known`);
    return 255;
  }
  if (opts.length === 0) return 0;
  return runOnHost(opts.join(" "), ctx, c, target);
};

/** kf.sh start|stop: the notes' script (loop over the broker hosts, echo, ssh the server script). */
const kfSh: HostTool = async (args, ctx, c) => {
  const action = args[0];
  let code = 0;
  if (action !== "start" && action !== "stop") return 0; // no case matches: the script does nothing
  for (const host of c.hosts) {
    ctx.io.println(`************${action}**********`);
    code = action === "start"
      ? await runOnHost("/opt/module/kafka/bin/kafka-server-start.sh -daemon /opt/module/kafka/config/server.properties", ctx, c, host)
      : await runOnHost("/opt/module/kafka/bin/kafka-server-stop.sh /opt/module/kafka/config/server.properties", ctx, c, host);
  }
  return code;
};

/** zk.sh start|stop|status over the ZooKeeper host(s), in the same shape as kf.sh. */
const zkSh: HostTool = async (args, ctx, c) => {
  const action = args[0];
  if (action !== "start" && action !== "stop" && action !== "status") return 0;
  let code = 0;
  for (const host of [c.zookeeper.host]) {
    ctx.io.println(`************${action}**********`);
    if (action === "start") code = await runOnHost("/opt/module/kafka/bin/zookeeper-server-start.sh -daemon /opt/module/kafka/config/zookeeper.properties", ctx, c, host);
    else if (action === "stop") code = await runOnHost("/opt/module/kafka/bin/zookeeper-server-stop.sh", ctx, c, host);
    else {
      // zkServer.sh status wording.
      if (c.zookeeper.isRunning) ctx.io.println("Mode: standalone");
      else ctx.io.println("Error contacting service. It is probably not running.");
      code = c.zookeeper.isRunning ? 0 : 1;
    }
  }
  return code;
};

/** xcall.sh <command>: runs the command on every host, each under a `--------- host ----------` line. */
const xcallSh: HostTool = async (args, ctx, c) => {
  let code = 0;
  const hosts = [...c.hosts];
  if (!hosts.includes(c.zookeeper.host)) hosts.unshift(c.zookeeper.host);
  for (const host of hosts) {
    ctx.io.println(`--------- ${host} ----------`);
    code = await runOnHost(args.join(" "), ctx, c, host);
  }
  return code;
};

/** The scripts sh() runs: name → tool. */
export const clusterScriptTools: ReadonlyMap<string, Tool> = new Map<string, Tool>([
  ["kf.sh", onLocalHost("kf.sh", kfSh)],
  ["zk.sh", onLocalHost("zk.sh", zkSh)],
  ["xcall.sh", onLocalHost("xcall.sh", xcallSh)],
  ["ssh", onLocalHost("ssh", ssh)],
  ...[...hostTools].map(([name, t]) => [name, onLocalHost(name, t)] as [string, Tool]),
]);
