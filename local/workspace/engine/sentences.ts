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
import { readEachOnce } from "./read-each-once.js";

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

/** the segmenters of sentences and words of a locale, [language, country] as JSON, made once for each */
const segmentersOf = readEachOnce((locale) => {
  const [language, country] = JSON.parse(locale) as [string, string];
  let tag = "en-US";
  try {
    if (language !== "") tag = Intl.getCanonicalLocales(country === "" ? language : `${language}-${country}`)[0] ?? tag;
  } catch {
    // a language Intl cannot name, which Java's Locale takes: en-US's rules, the same as the root's for the break rules here
  }
  return { sentences: new Intl.Segmenter(tag, { granularity: "sentence" }), words: new Intl.Segmenter(tag, { granularity: "word" }) };
}, 100);

export function sentences(text: string, language: string, country: string): string[][] {
  const { sentences, words } = segmentersOf(JSON.stringify([language, country]));
  return Array.from(sentences.segment(text), ({ segment }) => Array.from(words.segment(segment), (w) => w.segment).filter((w) => LETTER_OR_DIGIT.test(w[0]!)));
}

export function registerSentences(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_sentences_json", 3, (text, language, country) => JSON.stringify(sentences(text, language, country)));
}
