/**
 * JSON may escape half of a UTF-16 surrogate pair alone ("\ud800"), which no UTF-8 text can hold
 * (RFC 8259 §8.2): such a string cannot be form-encoded, put in a URL or written as UTF-8 later,
 * so a body holding one, as a value or as a key, is refused where it is parsed.
 */
import { hasLoneSurrogate } from "../../util/lone-surrogates.js";

/**
 * Where the first string that is not Unicode text sits in a parsed body ("the value at
 * auth.params.clientSecret", "the value at [0].value", "a key of properties"), or undefined when there is none. A key is named by where it
 * is, not by its text: the text is what cannot be shown.
 */
export function loneSurrogatePath(value: unknown): string | undefined {
  return find(value, "");
}

function find(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return hasLoneSurrogate(value) ? (path ? `the value at ${path}` : "the body") : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, member] of Object.entries(value)) {
    if (hasLoneSurrogate(key)) return path ? `a key of ${path}` : "a key of the body";
    const found = find(member, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
