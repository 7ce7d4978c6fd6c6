/**
 * `read` remembered for each key: the engine's JavaScript functions are called row by row with the same literal (a format, a
 * locale) that their first row read. At most `most` keys are kept; past them the memory starts afresh.
 */
export function readEachOnce<V>(read: (key: string) => V, most = 1000): (key: string) => V {
  const remembered = new Map<string, V>();
  return (key) => {
    let value = remembered.get(key);
    if (value === undefined) {
      if (remembered.size >= most) remembered.clear();
      value = read(key);
      remembered.set(key, value);
    }
    return value;
  };
}
