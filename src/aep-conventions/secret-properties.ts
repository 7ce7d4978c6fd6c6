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

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Why a secret cannot be sent in an HTTP header, or undefined when it can. */
export function secretTextProblem(value: string): string | undefined {
  return CONTROL_CHARACTER.test(value) ? "It contains a control character, which no HTTP header can carry" : undefined;
}
