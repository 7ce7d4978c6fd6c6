/**
 * Every copy of each of `secrets` in `text` replaced by [REDACTED]. A value shorter than
 * SHORTEST_SECRET is left alone: matched by value it would remove ordinary words, so it is left
 * to the redaction by shape (src/databricks/secret-redaction.ts) or to the caller.
 */
const SHORTEST_SECRET = 8;

export function withoutSecretValues(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= SHORTEST_SECRET) redacted = redacted.split(secret).join("[REDACTED]");
  return redacted;
}
