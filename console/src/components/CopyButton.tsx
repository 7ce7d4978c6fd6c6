import { useState } from "react";

/** Copies a text to the clipboard and says so, or, where the browser keeps the clipboard closed, asks to copy it by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  // what was copied, and whether it was: said only while the text shown is that text (a refreshed credential is not copied yet)
  const [attempt, setAttempt] = useState<{ text: string; copied: "yes" | "no" }>();
  const copied = attempt?.text === text ? attempt.copied : undefined;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setAttempt({ text, copied: "yes" });
    } catch {
      setAttempt({ text, copied: "no" });
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
