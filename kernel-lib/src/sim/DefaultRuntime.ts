import type { Runtime } from "./Runtime";

// The runtime a notebook is working with, so that `Admin.create(props)` or `sh("kafka-topics.sh ...")` in a
// cell finds the cluster started in an earlier cell without passing it around (a real shell finds the brokers
// by host name; here the host names live inside one runtime). EmbeddedCluster.start sets it; closing that
// runtime clears it. Only a convenience for user-facing entry points: engine code always gets its runtime
// passed explicitly.

let current: Runtime | null = null;

/** Makes `runtime` the one user-facing entry points use when none is given (null clears it). */
export function setDefaultRuntime(runtime: Runtime | null): void {
  current = runtime;
}

/** The runtime set by setDefaultRuntime, or null (also null once that runtime has been closed). */
export function getDefaultRuntime(): Runtime | null {
  if (current !== null && current.isClosed) current = null;
  return current;
}
