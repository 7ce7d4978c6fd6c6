/** A labelled select, inline with what stands beside it, over choices that are told by their labels. */
export function ChoiceSelect({ label, choices, chosen, onChoose }: { label: string; choices: ReadonlyArray<{ label: string }>; chosen: number; onChoose: (index: number) => void }) {
  return (
    <label className="inline">
      {label}
      <select value={chosen} onChange={(event) => onChoose(Number(event.target.value))}>
        {choices.map((choice, index) => (
          <option key={choice.label} value={index}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
