// Printing: data to stdout (exactly one JSON document with --json), everything else to stderr.
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

export function note(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : text + "\n");
}
