// peerlab view: a local, read-only web app over the store — runs, report tables and charts, episodes
// with filters, transcripts, paired comparisons and full-text search.
export { startViewer, VIEWER_HOST, type Viewer, type ViewerOptions } from "./server.js";
export { createViewerApp, type ViewerAppOptions } from "./app.js";
export { openViewerStore } from "./open.js";
export { CONTENT_SECURITY_POLICY, allowedHosts, hostAllowed } from "./security.js";
export { esc, html, type Html } from "./html.js";
