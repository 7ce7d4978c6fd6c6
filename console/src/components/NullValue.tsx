/** SQL NULL in a table cell: a greyed, italic NULL with a title, so it is not read as the text 'null'. */
export function NullValue() {
  return (
    <span className="null" title="NULL: no value">
      NULL
    </span>
  );
}

/** A cell's value: NULL shown as such, anything else as its text. */
export function CellText({ value, text }: { value: unknown; text: (value: unknown) => string }) {
  return value === null || value === undefined ? <NullValue /> : <>{text(value)}</>;
}
