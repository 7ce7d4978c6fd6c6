/**
 * What Node's HTTP server refuses before Fastify has a request to answer: headers over its limit
 * (431), a request not received within the headers or request timeout (408), bytes that are not
 * HTTP/1.1 (400). Fastify hands these to its clientErrorHandler with the bare socket; they are
 * answered there in the AEP envelope, with a request id of their own, and the socket is closed.
 * The writers here also serve the other answers given outside Fastify (protocol-mistakes.ts).
 */
import { randomUUID } from "node:crypto";
import { maxHeaderSize, type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger } from "fastify";
import type { ApiError } from "../../aep-conventions/errors/api-error.js";
import { Errors } from "../../aep-conventions/errors/catalogue.js";

export interface RequestTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export function clientErrorAnswer(timeouts: RequestTimeouts, logger: FastifyBaseLogger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const apiError = toApiError(error, timeouts);
    // a response of this socket that has started cannot take another status line
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      answerOnSocket(socket, apiError, randomUUID(), logger);
    }
    socket.destroy();
  };
}

/**
 * Writes an AEP error as a whole HTTP/1.1 response on a socket no ServerResponse speaks for,
 * saying the connection closes; the caller destroys the socket.
 */
export function answerOnSocket(socket: Socket, apiError: ApiError, requestId: string, logger: FastifyBaseLogger): void {
  const { status, headers, body } = closingAnswer(apiError, requestId, logger);
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headerLines}\r\n${body}`);
}

/** An AEP error answered outside Fastify, logged: its status, its headers (closing the connection) and its body. */
export function closingAnswer(apiError: ApiError, requestId: string, logger: FastifyBaseLogger) {
  logger.info({ reqId: requestId, code: apiError.typeUri, status: apiError.status }, apiError.message);
  const body = JSON.stringify(apiError.toBody(requestId));
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "x-request-id": requestId,
    connection: "close",
  };
  return { status: apiError.status, headers, body };
}

function toApiError(error: Error & { code?: string }, timeouts: RequestTimeouts): ApiError {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return Errors.headersTooLarge(maxHeaderSize);
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return Errors.requestTimeout(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
    default:
      return Errors.invalidRequest("it is not a well-formed HTTP/1.1 request");
  }
}
