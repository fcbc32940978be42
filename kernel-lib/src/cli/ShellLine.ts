// Splitting shell command lines the way bash does for the command lines in the notes:
//   bin/kafka-topics.sh --bootstrap-server hadoop102:9092 --topic first --create --partitions 1 --replication-factor 3
// with '...' and "..." quoting, backslash escapes, `\` + newline continuations, `#` comments, and several commands
// separated by newlines, `;` or `&&` (the next runs only if the previous succeeded) or `||` (only if it failed).
// Here-documents give a command its standard input (`kafka-console-producer.sh ... <<EOF`, then the lines, then
// `EOF`; `<<'EOF'` and `<<-EOF` too — no expansion happens either way here).
// No variable expansion, globbing, pipes or other redirections: `$X` stays as written.

/** One command and how it joins the previous one. */
export interface ShellCommand {
  argv: string[];
  /** ";" (always run), "&&" (run if the previous exit code was 0), "||" (run if it was not). */
  after: ";" | "&&" | "||";
  /** The here-document given to the command as its standard input (each line ends with "\n"), if any. */
  stdin?: string;
}

/** bash: `unexpected EOF while looking for matching '"'` and friends. */
export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShellSyntaxError";
  }
}

/** Splits a script into commands and their words. */
export function parseShellScript(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let after: ShellCommand["after"] = ";";
  // Here-document operators of the current command, and commands whose bodies start after the next newline.
  let heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  const awaitingBody: { cmd: ShellCommand; delimiter: string; stripTabs: boolean }[] = [];
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = (next: ShellCommand["after"]): void => {
    endWord();
    if (words.length > 0) {
      const cmd: ShellCommand = { argv: words, after };
      commands.push(cmd);
      for (const h of heredocs) awaitingBody.push({ cmd, ...h });
    } else if (next !== ";") throw new ShellSyntaxError(`syntax error near unexpected token \`${next}'`);
    heredocs = [];
    words = [];
    after = next;
  };
  // Reads here-document bodies from `from` (the start of a line); returns where the script continues.
  const readBodies = (from: number): number => {
    let pos = from;
    for (const a of awaitingBody.splice(0)) {
      let body = "";
      while (pos < n) {
        const eol = script.indexOf("\n", pos);
        const end = eol < 0 ? n : eol;
        let line = script.substring(pos, end);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        pos = eol < 0 ? n : eol + 1;
        if (a.stripTabs) line = line.replace(/^\t+/, "");
        if (line === a.delimiter) break;
        body += line + "\n";
      }
      a.cmd.stdin = (a.cmd.stdin ?? "") + body;
    }
    return pos;
  };
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === "\\") {
      if (script[i + 1] === "\n") {
        i += 2; // line continuation
        continue;
      }
      if (script.startsWith("\r\n", i + 1)) {
        i += 3;
        continue;
      }
      if (i + 1 < n) {
        word += script[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      word += script.substring(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === "\"") {
      i++;
      inWord = true;
      for (;;) {
        if (i >= n) throw new ShellSyntaxError("unexpected EOF while looking for matching `\"'");
        const d = script[i];
        if (d === "\"") {
          i++;
          break;
        }
        if (d === "\\" && i + 1 < n && "\"\\$`\n".includes(script[i + 1])) {
          if (script[i + 1] !== "\n") word += script[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      continue;
    }
    if (c === "#" && !inWord) {
      while (i < n && script[i] !== "\n") i++;
      continue;
    }
    if (c === "<" && script[i + 1] === "<" && script[i + 2] !== "<") {
      endWord();
      i += 2;
      const stripTabs = script[i] === "-";
      if (stripTabs) i++;
      while (script[i] === " " || script[i] === "\t") i++;
      let delimiter = "";
      while (i < n && !" \t\n;&|<>".includes(script[i])) {
        const d = script[i];
        if (d === "'" || d === "\"") {
          const end = script.indexOf(d, i + 1);
          if (end < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`${d}'`);
          delimiter += script.substring(i + 1, end);
          i = end + 1;
        } else if (d === "\\" && i + 1 < n) {
          delimiter += script[i + 1];
          i += 2;
        } else {
          delimiter += d;
          i++;
        }
      }
      if (delimiter === "") throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      heredocs.push({ delimiter, stripTabs });
      continue;
    }
    if (c === "\n" || c === ";") {
      endCommand(";");
      i++;
      if (c === "\n" && awaitingBody.length > 0) i = readBodies(i);
      continue;
    }
    if (c === "&" && script[i + 1] === "&") {
      endCommand("&&");
      i += 2;
      continue;
    }
    if (c === "|" && script[i + 1] === "|") {
      endCommand("||");
      i += 2;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  endWord();
  if (words.length > 0) commands.push({ argv: words, after });
  else if (after !== ";") throw new ShellSyntaxError("syntax error: unexpected end of file");
  // A here-document operator on the last line with no body: empty standard input.
  for (const a of awaitingBody) a.cmd.stdin ??= "";
  if (heredocs.length > 0) commands[commands.length - 1].stdin ??= "";
  return commands;
}

/** The script name a command runs: `bin/kafka-topics.sh`, `./kafka-topics.sh`, `/opt/module/kafka/bin/kafka-topics.sh` -> `kafka-topics.sh`. */
export function scriptName(argv0: string): string {
  return argv0.substring(argv0.lastIndexOf("/") + 1);
}
