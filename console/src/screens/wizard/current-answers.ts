/**
 * The answers to an effect's requests, applied only while the effect is current. An answer that
 * arrives after the effect was cleaned up (its inputs changed, the step closed, or React's
 * StrictMode ran it twice in development) is dropped, so it cannot undo what the user chose since.
 *
 *   useEffect(() => {
 *     const answers = currentAnswers();
 *     load().then(answers.keep(show), answers.keep(setError));
 *     return answers.stop;
 *   }, [inputs]);
 */
export function currentAnswers() {
  let current = true;
  return {
    keep:
      <T>(apply: (answer: T) => void) =>
      (answer: T) => {
        if (current) apply(answer);
      },
    stop: () => {
      current = false;
    },
  };
}
