/**
 * JSON bodies serialized once for answers handed out many times unchanged (the credentials of one
 * policy), so a GET sends the bytes instead of serializing the same object again.
 */
const bodies = new WeakMap<object, string>();

/** The value, frozen, with its JSON body kept for `bodyOf`. */
export function withBody<T extends object>(value: T): Readonly<T> {
  const frozen = Object.freeze(value);
  bodies.set(frozen, JSON.stringify(frozen));
  return frozen;
}

/** The body serialized for exactly this value; undefined for any other object (a copy with more fields). */
export function bodyOf(value: object): string | undefined {
  return bodies.get(value);
}
