import { Fragment } from "react";

/** A column's or field's type as a badge: a nested type wraps only after its `<` or `,`, never inside a type name. */
export function TypeBadge({ type }: { type: string }) {
  const parts = type.split(/(?<=[<,])/);
  return (
    <span className="badge type">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
