/**
 * Which request properties hold a secret: a connection's token or client secret, a sharing
 * profile's bearer token, a webhook's signing secret. No error and no log line quotes their
 * value (docs/security.md), only the property and the reason.
 */
const SECRET_NAME = /(token|secret|password)$/i;

/** Shown instead of a secret's value where an error would quote what was sent. */
export const HIDDEN_VALUE = "(hidden)";

/** auth.params.accessToken, notifications.webhooks[0].secret, /auth/params/clientSecret → true */
export function isSecretProperty(property: string): boolean {
  const last = property.split(/[./]/).pop() ?? "";
  return SECRET_NAME.test(last.replace(/\[\d+\]$/, ""));
}

/**
 * What an error says of a value given where an object, a list or a name was expected: its kind and size, never its content, which may
 * hold a secret under any name (a webhook's secret, a profile pasted as text, a token given where its object was due).
 */
export function kindOfValue(value: unknown): string {
  if (typeof value === "string") return `(a string of ${value.length} characters)`;
  if (Array.isArray(value)) return `(a list of ${value.length} item${value.length === 1 ? "" : "s"})`;
  if (value !== null && typeof value === "object") return "(an object)";
  return JSON.stringify(value);
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Why a secret cannot be sent in an HTTP header, or undefined when it can. */
export function secretTextProblem(value: string): string | undefined {
  return CONTROL_CHARACTER.test(value) ? "It contains a control character, which no HTTP header can carry" : undefined;
}
