/** `--name value` / `--name=value` / `--name` flags of a benchmark's command line. */
export function numberFlag(name: string, fallback: number): number {
  const value = flagValue(name);
  if (value === undefined) return fallback;
  const parsed = Number(value.replaceAll("_", ""));
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} wants a positive number, not ${value}`);
  return parsed;
}

export function listFlag(name: string, fallback: string[]): string[] {
  return flagValue(name)?.split(",").filter(Boolean) ?? fallback;
}

export function booleanFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

function flagValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length && !args[at + 1].startsWith("--") ? args[at + 1] : undefined;
}
