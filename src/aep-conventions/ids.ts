/**
 * Ids come from URLs. One that no row could have is answered "not found" before any query:
 * PostgreSQL refuses a NUL byte in a text parameter with an error, not a miss.
 */
const POSSIBLE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function isPossibleId(id: string): boolean {
  return POSSIBLE_ID.test(id);
}
