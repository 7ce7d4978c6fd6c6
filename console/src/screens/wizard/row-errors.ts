/** Which of the service's row errors and mapping refusals are about one target field (pure: no imports, for tests). */

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** the path as a whole word: "person.name" is not mentioned by "person.name.full" */
const wholePath = (path: string) => `${escaped(path)}(?=[\\s:,;)"']|\\.(?:\\s|$)|$)`;

/** Whether a message names the field `path`. */
export function mentions(message: string, path: string): boolean {
  return new RegExp(`(?:^|[\\s"'(])${wholePath(path)}`).test(message);
}

/** A row's errors about the field `path`: the service's row errors name their field after "for". */
export function errorsFor(path: string, errors: string[]): string[] {
  const about = new RegExp(` for ${wholePath(path)}`);
  return errors.filter((error) => about.test(error));
}
