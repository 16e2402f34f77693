// Inspect writes its logs with `exclude_none` (inspect_ai src/inspect_ai/_util/json.py `to_json_safe`),
// and its header reader validates every header field it meets, so an explicit `"error": null` makes
// Inspect's header read fail. We write the same way: object fields whose value is null are left out.
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}
