// Scrubbing secrets before they are stored or printed: the exact keys in use, anything shaped like an
// API key or a bearer token (OpenAI's 401 echoes a masked key), and credentials written into a URL
// (https://user:password@host/, ?key=..., ?api_key=..., ?token=...).
const KEY_SHAPES = [/\b(sk|rk|pk)-[A-Za-z0-9_*.-]{8,}/g, /\bBearer\s+[A-Za-z0-9_*.\-+/=]{8,}/gi, /\b(x-api-key|api[_-]?key)(["'\s:=]+)[A-Za-z0-9_*.-]{8,}/gi];

/** user:password@ (or a lone token@) after a URL's scheme. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** Query parameters that carry credentials. */
const URL_SECRET_PARAM =
  /([?&](?:key|api[_-]?key|apikey|access[_-]?key|token|access[_-]?token|auth|secret|client[_-]?secret|password|passwd|pwd|sig|signature)=)[^&\s"'#<>]*/gi;

/** Text with credentials written into URLs replaced by [redacted]. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, "$1[redacted]@").replace(URL_SECRET_PARAM, "$1[redacted]");
}

/** Whether a URL carries credentials (user info, or a credential query parameter). */
export function hasUrlCredentials(url: string): boolean {
  return redactUrlCredentials(url) !== url;
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 4) out = out.split(s).join("[redacted]");
  for (const re of KEY_SHAPES) out = out.replace(re, (_m, a: string, b: string) => (re === KEY_SHAPES[2] ? `${a}${b}[redacted]` : "[redacted]"));
  return redactUrlCredentials(out);
}
