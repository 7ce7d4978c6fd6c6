import { useState } from "react";

/** Copies a text to the clipboard and says so, or, where the browser keeps the clipboard closed, asks to copy it by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <>
      <button type="button" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span role="status" className="hint">
        {copied === "yes" ? "Copied" : copied === "no" ? "The browser refused the clipboard: select the text and copy it" : ""}
      </span>
    </>
  );
}
