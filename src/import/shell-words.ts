// Reading a shell command line from an imported coding-agent transcript into simple commands of plain
// words, with just-bash's parser (the same parser our shell harness runs). A word whose value depends on
// the shell's state ($VAR, $(…)) is marked dynamic: the replay cannot know what it named. A glob
// keeps its pattern and is marked, so the replay can match it against the files the world holds.
import { parse, type WordNode } from "just-bash";

export interface Word {
  text: string;
  /** Holds an unquoted * ? or [ … ] pattern. */
  glob: boolean;
  /** Depends on a variable or a command's output. */
  dynamic: boolean;
}

export interface SimpleCommand {
  words: Word[];
  /** The command as written, for notes. */
  source: string;
}

export interface ParsedLine {
  commands: SimpleCommand[];
  /** Parts that are not simple commands (loops, conditionals, functions), as written. */
  compound: string[];
  error: string | null;
}

type Part = WordNode["parts"][number];

function partText(p: Part, w: Word, quoted: boolean): string {
  switch (p.type) {
    case "Literal":
      if (!quoted && /[*?[]/.test(p.value)) w.glob = true;
      return p.value;
    case "SingleQuoted":
    case "Escaped":
      return p.value;
    case "DoubleQuoted":
      return p.parts.map((q) => partText(q, w, true)).join("");
    case "TildeExpansion":
      return p.user ? `~${p.user}` : "~";
    case "Glob":
      w.glob = true;
      return p.pattern;
    case "ParameterExpansion":
    case "CommandSubstitution":
    case "ArithmeticExpansion":
    case "ProcessSubstitution":
    case "BraceExpansion":
      w.dynamic = true;
      return "";
    default:
      return p satisfies never;
  }
}

export function wordOf(node: WordNode): Word {
  const w: Word = { text: "", glob: false, dynamic: false };
  w.text = node.parts.map((p) => partText(p, w, false)).join("");
  return w;
}

/** A command's words written back as one line (a word with spaces or quotes is quoted), for notes. */
export function sourceOf(words: readonly Word[]): string {
  return words.map((x) => (x.dynamic ? `${x.text}$…` : /[\s"'\\]/.test(x.text) || x.text === "" ? JSON.stringify(x.text) : x.text)).join(" ");
}

/** The simple commands of a command line, in the order written (every branch of && and || alike). */
export function parseLine(line: string): ParsedLine {
  const out: ParsedLine = { commands: [], compound: [], error: null };
  let script: ReturnType<typeof parse>;
  try {
    script = parse(line);
  } catch (e) {
    return { ...out, error: (e as Error).message.split("\n")[0]!.slice(0, 160) };
  }
  for (const st of script.statements) {
    if (st.deferredError) out.error = st.deferredError.message.slice(0, 160);
    for (const pl of st.pipelines) {
      for (const c of pl.commands) {
        if (c.type !== "SimpleCommand") {
          out.compound.push(c.type);
          continue;
        }
        if (!c.name) continue;
        const words = [wordOf(c.name), ...c.args.map(wordOf)];
        out.commands.push({ words, source: sourceOf(words) });
      }
    }
  }
  return out;
}
