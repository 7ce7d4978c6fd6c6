/**
 * What may reach a message quoting a workspace or a sharing server (a run's log line, an API error,
 * a connection test's check): the secrets of the connection in use (secretsOf) are removed by
 * value, and whatever looks like one by its shape: a SAS signature, a Databricks personal access
 * token, a bearer token, a Spark config SAS value.
 */
import { withoutSecretValues } from "../util/secret-values.js";

const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  // the signature of a SAS, wherever it appears (URL query, spark_conf value, Hadoop's message)
  [/(\bsig=)[^&\s"',;)]+/gi, "$1[REDACTED]"],
  // a spark_conf line fs.azure.sas.<container>.<account>.blob.core.windows.net <token>: the token is
  // a query string (key=value pairs); a word after the key in a sentence is not
  [/(fs\.azure\.sas\.[^\s"'=:]+\s*[=:]?\s*)(?!\[REDACTED\])([^\s"',;=]*=[^\s"',;]*)/gi, "$1[REDACTED]"],
  [/\bdapi[0-9a-z-]{8,}/gi, "[REDACTED]"],
  // "Bearer <token>", but not the prose of a message ("the bearer token is missing")
  [/(\bbearer\s+)(?!(?:token|tokens|authentication|authorization|auth)\b)[^\s"',;]+/gi, "$1[REDACTED]"],
];

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let redacted = withoutSecretValues(text, knownSecrets);
  for (const [shape, replacement] of SECRET_SHAPES) redacted = redacted.replace(shape, replacement);
  return redacted;
}
