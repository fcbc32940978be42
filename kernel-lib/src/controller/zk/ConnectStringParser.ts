// org.apache.zookeeper.client.ConnectStringParser: `hadoop102:2181,hadoop103:2181,hadoop104:2181/kafka`
// is a list of servers (port 2181 if left out) and an optional chroot that prefixes every path.
import { validatePath } from "./PathUtils";

export const DEFAULT_PORT = 2181;

export interface ParsedConnectString {
  servers: { host: string; port: number }[];
  /** The chroot ("/kafka"), or null ("/" counts as none). */
  chrootPath: string | null;
}

export function parseConnectString(connectString: string): ParsedConnectString {
  let hosts = connectString;
  let chrootPath: string | null = null;
  const off = connectString.indexOf("/");
  if (off >= 0) {
    const chroot = connectString.substring(off);
    if (chroot.length > 1) {
      validatePath(chroot);
      chrootPath = chroot;
    }
    hosts = connectString.substring(0, off);
  }
  const servers: { host: string; port: number }[] = [];
  for (const raw of hosts.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    let host = raw;
    let port = DEFAULT_PORT;
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    if (v6) {
      host = v6[1] as string;
      if (v6[2] !== undefined) port = Number(v6[2]);
    } else {
      const pidx = raw.lastIndexOf(":");
      if (pidx >= 0) {
        if (pidx < raw.length - 1) port = parsePort(raw.substring(pidx + 1), raw);
        host = raw.substring(0, pidx);
      }
    }
    servers.push({ host, port });
  }
  if (servers.length === 0) throw new Error("A HostProvider may not be empty!");
  return { servers, chrootPath };
}

function parsePort(s: string, hostPort: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`For input string: "${s}" (in ${hostPort})`);
  return Number(s);
}
