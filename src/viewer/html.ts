// Building HTML safely. Every value interpolated into `html` is escaped unless it is already Html, so
// transcript text (hostile input) can only ever become text. Markup comes from our templates alone.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = Html | string | number | boolean | null | undefined | readonly Child[];

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for element content and for double- or single-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(c: Child): string {
  if (c instanceof Html) return c.value;
  if (Array.isArray(c)) return c.map(render).join("");
  if (c === null || c === undefined || c === false || c === true) return "";
  return esc(String(c));
}

/** A template whose interpolations are escaped (arrays are concatenated; null, undefined and booleans render nothing). */
export function html(strings: TemplateStringsArray, ...values: readonly Child[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup we wrote ourselves (never text from the database). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

export function joinHtml(items: readonly Child[], separator: Child): Html {
  const parts: Child[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(separator);
    parts.push(item);
  });
  return html`${parts}`;
}

/** A relative URL: path segments are percent-encoded, query values go through URLSearchParams. */
export function href(path: readonly (string | number)[], query: Record<string, string | number | null | undefined> = {}): string {
  const p = "/" + path.map((s) => encodeURIComponent(String(s))).join("/");
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${p}?${qs}` : p;
}
