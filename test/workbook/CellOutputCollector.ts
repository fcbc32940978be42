// Turns a cell's iopub messages into nbformat outputs, the way nbclient and JupyterLab store them:
// - consecutive stream messages of one name are one output;
// - display_data / execute_result become outputs; those with a transient display_id are remembered so
//   that update_display_data (or another display_data with that id) updates them in place — possibly
//   in an earlier cell (DisplayRegistry is shared by all cells of a notebook);
// - clear_output empties the cell's outputs, at once or (wait=true) when the next output arrives;
// - carriage returns and backspaces in streams are applied (a progress bar stores its final state).
import type { DisplayDataOutput, ExecuteResultOutput, JsonObject, MimeBundle, Output } from "./NotebookFile";
import { applyControlChars, stripStackFrames } from "./compare";

type DisplayOutput = DisplayDataOutput | ExecuteResultOutput;

/** Outputs by display_id, across the cells of one notebook run. */
export class DisplayRegistry {
  private readonly byId = new Map<string, DisplayOutput[]>();

  register(displayId: string, output: DisplayOutput): void {
    const list = this.byId.get(displayId);
    if (list) list.push(output);
    else this.byId.set(displayId, [output]);
  }

  /** Every output shown under displayId gets the new data and metadata. */
  update(displayId: string, data: MimeBundle, metadata: JsonObject): void {
    for (const output of this.byId.get(displayId) ?? []) {
      output.data = data;
      output.metadata = metadata;
    }
  }
}

function displayIdOf(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === "string" && transient.display_id ? transient.display_id : undefined;
}

export class CellOutputCollector {
  readonly outputs: Output[] = [];
  private clearOnNextOutput = false;

  constructor(private readonly displays: DisplayRegistry) {}

  /** One iopub message of this cell (status, execute_input and comm messages are ignored). */
  handle(msgType: string, content: Record<string, unknown>): void {
    switch (msgType) {
      case "stream":
        this.add({ output_type: "stream", name: content.name === "stderr" ? "stderr" : "stdout", text: String(content.text ?? "") });
        break;
      case "display_data":
      case "execute_result": {
        const data = (content.data ?? {}) as MimeBundle;
        const metadata = (content.metadata ?? {}) as JsonObject;
        const output: DisplayOutput =
          msgType === "display_data"
            ? { output_type: "display_data", data, metadata }
            : { output_type: "execute_result", data, metadata, execution_count: typeof content.execution_count === "number" ? content.execution_count : null };
        const displayId = displayIdOf(content);
        if (displayId) this.displays.update(displayId, data, metadata); // a display_id shown again updates the earlier outputs
        this.add(output);
        if (displayId) this.displays.register(displayId, output);
        break;
      }
      case "update_display_data": {
        const displayId = displayIdOf(content);
        if (displayId) this.displays.update(displayId, (content.data ?? {}) as MimeBundle, (content.metadata ?? {}) as JsonObject);
        break;
      }
      case "clear_output":
        if (content.wait) this.clearOnNextOutput = true;
        else this.outputs.length = 0;
        break;
      case "error":
        this.add({ output_type: "error", ename: String(content.ename ?? ""), evalue: String(content.evalue ?? ""), traceback: (content.traceback as string[]) ?? [] });
        break;
      default:
        break;
    }
  }

  /**
   * The outputs to store. For a failed cell, the stack frames of the error tslab prints to stderr are
   * dropped (absolute paths, Node internals, bundle line numbers): the stored notebook must not change
   * with the machine, the Node version or a library rebuild. The error's name and message stay.
   */
  finish(failed: boolean): Output[] {
    for (const o of this.outputs) {
      if (o.output_type !== "stream") continue;
      o.text = applyControlChars(o.text);
      if (failed && o.name === "stderr") o.text = stripStackFrames(o.text);
    }
    return this.outputs;
  }

  private add(output: Output): void {
    if (this.clearOnNextOutput) {
      this.outputs.length = 0;
      this.clearOnNextOutput = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) last.text += output.text;
    else this.outputs.push(output);
  }
}
