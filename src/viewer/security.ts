// What keeps the viewer a local, read-only window: the Host header must name the loopback address and
// port it serves (DNS rebinding: a page on another site that resolves its name to 127.0.0.1 sends its
// own name), only GET and HEAD are answered, and every response carries a strict CSP with no inline
// script or style, so even a transcript that escaped escaping could not run.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** The Host header values the viewer answers: its own loopback address and port. */
export function allowedHosts(host: string, port: number): string[] {
  return [`${host}:${port}`, `localhost:${port}`];
}

export function hostAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  return header !== undefined && allowed.includes(header.trim().toLowerCase());
}
