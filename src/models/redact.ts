// Scrubbing secrets from provider error messages before they are stored or printed: the exact keys
// in use, and anything shaped like an API key or a bearer token (OpenAI's 401 echoes a masked key).
const KEY_SHAPES = [/\b(sk|rk|pk)-[A-Za-z0-9_*.-]{8,}/g, /\bBearer\s+[A-Za-z0-9_*.\-+/=]{8,}/gi, /\b(x-api-key|api[_-]?key)(["'\s:=]+)[A-Za-z0-9_*.-]{8,}/gi];

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 4) out = out.split(s).join("[redacted]");
  for (const re of KEY_SHAPES) out = out.replace(re, (m, a: string, b: string) => (re === KEY_SHAPES[2] ? `${a}${b}[redacted]` : "[redacted]"));
  return out;
}
