/**
 * Catalog's wildcard values (docs/decisions.md#schema-registry-catalog-data-prep): `*` stands for any
 * characters (none too) and `**` for one asterisk, as AEP's "Filter Catalog data" guide writes them
 * for `property=name==…`. The `property` filters of the fields that take wildcards and the `tags`
 * filter's values read them alike. The pattern matches the whole text, line breaks too.
 */

export interface WildcardValue {
  /** the whole-text pattern the value stands for */
  pattern: RegExp;
  /** the one text it matches, when no lone `*` is left in it (`a**b` → `a*b`) */
  literal?: string;
}

/** `Demo*` → /^Demo.*$/s; `a**b` → the text `a*b`; `**` → the text `*`. Read left to right: `***` is an asterisk, then any characters. */
export function wildcardValue(value: string): WildcardValue {
  let regex = "";
  let literal = "";
  let wild = false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "*" && value[i + 1] === "*") {
      regex += "\\*";
      literal += "*";
      i++;
    } else if (value[i] === "*") {
      regex += ".*";
      wild = true;
    } else {
      regex += value[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      literal += value[i];
    }
  }
  return { pattern: new RegExp(`^${regex}$`, "su"), literal: wild ? undefined : literal };
}
