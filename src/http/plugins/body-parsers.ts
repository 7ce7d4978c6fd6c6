/**
 * Body parsers: JSON (any application/*+json), IMS's form bodies, and a catch-all that lets the
 * gateway answer a wrong Content-Type in AEP's words instead of Fastify's 415. JSON and form bodies
 * must be UTF-8: any other bytes are a 400 naming the first bad byte, never stored as U+FFFD, and a JSON string
 * (or key) escaping a lone surrogate is a 400 naming where it is. Besides its size
 * (Fastify's bodyLimit), a body is bounded in depth and in keys before anything parses it: JSON.parse
 * and everything that walks a stored document later recurse, and SQLite's JSON functions stop at
 * 1,000 levels.
 */
import type { FastifyInstance } from "fastify";
import { keepBodyText } from "../../aep-conventions/request-body.js";
import type { ApiError } from "../../aep-conventions/errors/api-error.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { JSON_CONTENT_TYPE } from "./gateway.js";
import { jsonSyntaxProblem } from "./json-syntax.js";
import { loneSurrogatePath } from "./lone-surrogates.js";

/** levels of nested objects and arrays, the body itself being the first */
export const MAX_BODY_DEPTH = 64;
/** keys of all objects of a body together, or parameters of a form */
export const MAX_BODY_KEYS = 10_000;

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: "buffer" }, (request, body, done) => {
    const coded = contentCoding(request.headers["content-encoding"]);
    if (coded) return done(Errors.malformedJson(`${coded}; send the JSON uncompressed, without a Content-Encoding header`), undefined);
    const text = utf8Text(body as Buffer);
    if (text === undefined) return done(Errors.malformedJson(`it is not valid UTF-8 (${firstBadByte(body as Buffer)}); send the JSON encoded as UTF-8`), undefined);
    if (text.trim() === "") return done(null, undefined);
    const overLimit = jsonOverLimits(text);
    if (overLimit) return done(overLimit, undefined);
    try {
      const parsed = JSON.parse(text);
      const notText = loneSurrogatePath(parsed);
      if (notText) {
        return done(Errors.malformedJson(`${notText} holds an escaped UTF-16 surrogate without its pair (such as "\\ud800"), which is not Unicode text; send text only`), undefined);
      }
      keepBodyText(request, text);
      done(null, parsed);
    } catch {
      done(Errors.malformedJson(jsonSyntaxProblem(text)), undefined);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "buffer" }, (request, body, done) => {
    const coded = contentCoding(request.headers["content-encoding"]);
    if (coded) return done(Errors.invalidRequest(`the form body ${coded.replace(/^it /, "")}; send it uncompressed, without a Content-Encoding header`), undefined);
    const text = utf8Text(body as Buffer);
    if (text === undefined) return done(Errors.invalidRequest(`the form body is not valid UTF-8 (${firstBadByte(body as Buffer)}); send it encoded as UTF-8`), undefined);
    const params = new URLSearchParams(text);
    if (params.size > MAX_BODY_KEYS) return done(Errors.bodyTooManyKeys(MAX_BODY_KEYS), undefined);
    done(null, Object.fromEntries(params));
  });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
}

/**
 * A body sent compressed (any Content-Encoding but identity) is not decoded here: said so, where its
 * bytes would otherwise be refused as not UTF-8 or not JSON, which names no cause.
 */
function contentCoding(header: string | undefined): string | undefined {
  const coding = header?.trim();
  if (!coding || coding.toLowerCase() === "identity") return undefined;
  return `it is sent with Content-Encoding: ${coding.slice(0, 64)}, which this service does not decode`;
}

/** JSON and form bodies are UTF-8 (RFC 8259 §8.1); a BOM is kept, so JSON.parse refuses it and the message names it */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LENIENT_UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The body as text, or undefined when its bytes are not UTF-8: decoding them anyway would store
 * each bad byte as U+FFFD, a change to the data the client never sees.
 */
function utf8Text(body: Buffer): string | undefined {
  try {
    return UTF8.decode(body);
  } catch {
    return undefined;
  }
}

/** What to fix: the first byte that is not UTF-8, by value and offset. */
function firstBadByte(body: Buffer): string {
  const text = LENIENT_UTF8.decode(body);
  let bytes = 0;
  for (const char of text) {
    const length = Buffer.byteLength(char);
    // U+FFFD stands for a bad sequence unless the body spelled it out (EF BF BD)
    if (char === "\uFFFD" && !(body[bytes] === 0xef && body[bytes + 1] === 0xbf && body[bytes + 2] === 0xbd)) {
      return `byte 0x${body[bytes].toString(16).toUpperCase().padStart(2, "0")} at offset ${bytes}`;
    }
    bytes += length;
  }
  return "a byte sequence that is not UTF-8";
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * One pass over the text, without recursion: depth counts open brackets, and every colon outside a
 * string ends a key. Text that is not JSON may be counted wrong; JSON.parse refuses it afterwards.
 */
function jsonOverLimits(text: string): ApiError | undefined {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (OPENERS.has(char)) {
      if (++depth > MAX_BODY_DEPTH) return Errors.bodyTooDeep(MAX_BODY_DEPTH);
    } else if (CLOSERS.has(char)) {
      depth--;
    } else if (char === COLON && ++keys > MAX_BODY_KEYS) {
      return Errors.bodyTooManyKeys(MAX_BODY_KEYS);
    }
  }
  return undefined;
}
