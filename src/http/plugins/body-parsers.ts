/**
 * Body parsers: JSON (any application/*+json), IMS's form bodies, and a catch-all that lets the
 * gateway answer a wrong Content-Type in AEP's words instead of Fastify's 415. Besides its size
 * (Fastify's bodyLimit), a body is bounded in depth and in keys before anything parses it: JSON.parse
 * and everything that walks a stored document later recurse, and SQLite's JSON functions stop at
 * 1,000 levels.
 */
import type { FastifyInstance } from "fastify";
import type { ApiError } from "../../aep-conventions/errors/api-error.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";
import { JSON_CONTENT_TYPE } from "./gateway.js";

/** levels of nested objects and arrays, the body itself being the first */
export const MAX_BODY_DEPTH = 64;
/** keys of all objects of a body together, or parameters of a form */
export const MAX_BODY_KEYS = 10_000;

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    const overLimit = jsonOverLimits(text);
    if (overLimit) return done(overLimit, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Errors.malformedJson((error as Error).message), undefined);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    const params = new URLSearchParams(String(body));
    if (params.size > MAX_BODY_KEYS) return done(Errors.bodyTooManyKeys(MAX_BODY_KEYS), undefined);
    done(null, Object.fromEntries(params));
  });
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
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
