// Numbers, rates, money, tokens and times as the pages show them.

export const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(digits)}%`;

export const pval = (p: number | null | undefined): string => (p === null || p === undefined ? "–" : p < 0.0001 ? "<0.0001" : p.toFixed(4));

export function usd(x: number): string {
  if (x === 0) return "$0";
  if (x < 0.01) return `$${x.toFixed(4)}`;
  return `$${x.toFixed(2)}`;
}

export function tokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

/** An ISO timestamp as "2026-11-23 22:04:26" (UTC, as stored). */
export function when(iso: string | null | undefined): string {
  if (!iso) return "–";
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
}

export function seconds(fromIso: string, toIso: string | null): string {
  if (!toIso) return "–";
  const s = (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
  if (!Number.isFinite(s) || s < 0) return "–";
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** A JSON value on one line, shortened; for compact table cells. */
export function brief(v: unknown, max = 80): string {
  const s = typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A JSON value for reading: strings as they are, everything else indented. */
export function pretty(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v, null, 2) ?? "undefined");
}
