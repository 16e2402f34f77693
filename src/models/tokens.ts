// A deterministic token estimate for the sim agents and for planning (about four characters a token).
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
