/**
 * sentences(s [, language [, country]]) as Spark splits text: into sentences, and each sentence into its words that begin with a
 * letter or a digit (Java's Character.isLetterOrDigit of the word's first UTF-16 unit), by the break rules of the language's
 * locale: en-US where the language is NULL or empty (Spark takes Locale.US or the root locale, whose break rules are alike).
 * Spark's rules are Java's BreakIterator's, these are ICU's (Intl.Segmenter): the same for everyday text, they may part where
 * an abbreviation or quote ends a sentence. Written in JavaScript (engine/text-functions.ts), the words as JSON the SQL reads
 * into an ARRAY<ARRAY<STRING>> (spark_sentences, engine/spark-functions.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { registerTextFunction } from "./text-functions.js";

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** the locale's segmenters of sentences and words, made once per locale */
const segmenters = new Map<string, { sentences: Intl.Segmenter; words: Intl.Segmenter }>();

function segmentersOf(language: string, country: string): { sentences: Intl.Segmenter; words: Intl.Segmenter } {
  let locale = "en-US";
  try {
    if (language !== "") locale = Intl.getCanonicalLocales(country === "" ? language : `${language}-${country}`)[0] ?? locale;
  } catch {
    // a language Intl cannot name, which Java's Locale takes: en-US's rules, the same as the root's for the break rules here
  }
  let made = segmenters.get(locale);
  if (!made) {
    made = { sentences: new Intl.Segmenter(locale, { granularity: "sentence" }), words: new Intl.Segmenter(locale, { granularity: "word" }) };
    if (segmenters.size < 100) segmenters.set(locale, made);
  }
  return made;
}

export function sentences(text: string, language: string, country: string): string[][] {
  const { sentences, words } = segmentersOf(language, country);
  return Array.from(sentences.segment(text), ({ segment }) => Array.from(words.segment(segment), (w) => w.segment).filter((w) => LETTER_OR_DIGIT.test(w[0]!)));
}

export function registerSentences(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_sentences_json", 3, (text, language, country) => JSON.stringify(sentences(text, language, country)));
}
