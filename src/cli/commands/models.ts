// `peerlab models check <provider:model>`: one tiny call; latency, tool-call support, price per 1M tokens.
import type { Command } from "commander";
import { environment, systemClock } from "../context.js";
import { intOption } from "../options.js";
import { note, printJson, printText } from "../output.js";
import { withDb, withJson } from "../options.js";

interface CheckOptions {
  json?: boolean;
  baseUrl?: string;
  timeout?: number;
  stream?: boolean;
}

export function register(program: Command): void {
  const models = program.command("models").description("check model providers");
  withJson(
    withDb(
      models
        .command("check")
        .argument("<provider>", "provider:model, e.g. openai:gpt-4.1-mini, anthropic:claude-haiku-4-5, openai-compatible:llama3.1")
        .description("make one tiny call: latency, tool-call support, price per 1M tokens"),
    ),
  )
    .option("--base-url <url>", "base URL for openai-compatible providers (else OPENAI_COMPATIBLE_BASE_URL)")
    .option("--timeout <seconds>", "per-request timeout", intOption("--timeout", 1, 3600))
    .option("--stream", "stream the answer (as PEERLAB_STREAM=1 does)")
    .action(async (provider: string, opts: CheckOptions) => {
      const { checkModel } = await import("../../models/index.js");
      const options = { ...(opts.timeout ? { timeoutMs: opts.timeout * 1000 } : {}), ...(opts.stream ? { streaming: true } : {}) };
      if (opts.baseUrl) (await import("../../models/index.js")).checkBaseUrlConsent(opts.baseUrl, { kind: "option", flag: "--base-url" }, new Set());
      const r = await checkModel({ provider, env: environment(), clock: systemClock, baseUrl: opts.baseUrl, options });
      if (opts.json) printJson(r);
      else {
        const price = r.price
          ? `$${r.price.input} in / $${r.price.output} out per 1M tokens (table of ${r.prices_checked})`
          : "unknown (add it under prices: in a spec to count its cost)";
        printText(
          [
            `${r.provider}${r.base_url ? ` at ${r.base_url}` : ""}${r.streaming ? " (streaming)" : ""}`,
            r.ok ? `  answered in ${r.latency_ms} ms${r.retries ? ` after ${r.retries} retr${r.retries === 1 ? "y" : "ies"}` : ""}` : `  failed: ${r.error}`,
            r.ok ? `  tool calls: ${r.tool_calls ? "yes (it called the check's tool)" : "no (it answered without calling the tool)"}` : null,
            r.ok ? `  tokens: ${r.input_tokens} in, ${r.output_tokens} out (cost $${r.cost_usd.toFixed(6)})` : null,
            `  price: ${price}`,
          ]
            .filter((l): l is string => l !== null)
            .join("\n"),
        );
      }
      if (!r.ok) {
        if (!opts.json) note("hint: check the key, the base URL and the model id; PEERLAB_DEBUG=1 shows more.");
        process.exitCode = 1;
      }
    });
}
