// Where an API key may go. A spec can come from anyone, and its `base_url` receives
// OPENAI_COMPATIBLE_API_KEY with every call: a base URL that did not come from the user's own
// environment (OPENAI_COMPATIBLE_BASE_URL and the like) is used only with consent, given by
// `--allow-host <host>` or PEERLAB_ALLOWED_HOSTS. Loopback needs none. Plain http is refused except to
// loopback: the key would cross the network in clear. Checked before anything is called or written.
import { PeerlabError } from "../errors.js";

/**
 * Where a base URL came from: a spec (anyone's), an option the user typed (their own choice of host),
 * or a run's stored cells (a database may come from anyone).
 */
export type BaseUrlOrigin = { kind: "spec"; file?: string | null } | { kind: "option"; flag: string } | { kind: "run"; run: string };

export const ALLOWED_HOSTS_ENV = "PEERLAB_ALLOWED_HOSTS";

/** Hosts the user allowed: every --allow-host plus PEERLAB_ALLOWED_HOSTS (comma or space separated), lower-cased. */
export function allowedHosts(flags: readonly string[] | undefined, env: Record<string, string | undefined>): Set<string> {
  const out = new Set<string>();
  for (const raw of [...(flags ?? []), ...(env[ALLOWED_HOSTS_ENV] ?? "").split(/[\s,]+/)]) {
    const h = raw.trim().toLowerCase();
    if (h) out.add(h);
  }
  return out;
}

/** 127.0.0.0/8, ::1 and localhost (and its subdomains, which resolve to loopback). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (m === null) return false;
  return m.slice(1).every((x) => Number(x) <= 255);
}

function where(origin: BaseUrlOrigin): string {
  switch (origin.kind) {
    case "spec":
      return `base_url${origin.file ? ` in ${origin.file}` : " in the spec"}`;
    case "option":
      return origin.flag;
    case "run":
      return `the base URL stored with run ${origin.run}`;
    default:
      return origin satisfies never;
  }
}

/**
 * Refuse a base URL the user did not choose (a spec's, to a host not allowed) and plain http to a
 * host other than loopback. `allowed` holds hostnames or host:port entries.
 */
export function checkBaseUrlConsent(url: string, origin: BaseUrlOrigin, allowed: ReadonlySet<string>, keyName = "OPENAI_COMPATIBLE_API_KEY"): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return; // not a URL: the spec's own validation says so
  }
  const hostname = u.hostname.toLowerCase();
  const shown = JSON.stringify(hostname.replace(/^\[|\]$/g, ""));
  if (isLoopback(hostname)) return;
  if (u.protocol === "http:") {
    throw new PeerlabError(
      "HOST_NOT_ALLOWED",
      `${where(origin)} is plain http to ${shown}: ${keyName} would cross the network unencrypted. ` +
        `Use https, or an http server on this machine (localhost); ` +
        `a plain-http server on your own network can be set in OPENAI_COMPATIBLE_BASE_URL instead`,
    );
  }
  if (origin.kind === "option") return;
  const host = u.host.toLowerCase();
  if (allowed.has(hostname) || allowed.has(host)) return;
  throw new PeerlabError(
    "HOST_NOT_ALLOWED",
    `${where(origin)} points at ${shown}, a host you have not allowed: every call would send it ${keyName}. ` +
      `If you trust it, pass --allow-host ${hostname} or set ${ALLOWED_HOSTS_ENV}=${hostname}`,
  );
}
