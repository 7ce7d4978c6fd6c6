/**
 * Every client-visible error is an ApiError. The HTTP layer renders it in AEP's envelope
 * (type, title, status, report, errorMessage, errorDetails); gateway errors also carry the flat
 * `error_code`/`message` pair the Adobe gateway documents, and IMS errors IMS's own shape.
 */
/** FLOW: AEP's Flow Service errors; SRC: AEP's Sources errors; XDM, CAT, DATAPREP, IDENTITY: Schema Registry, Catalog, Data Prep, Identity Service */
export type ErrorFamily = "FLOW" | "SRC" | "GATEWAY" | "IMS" | "XDM" | "CAT" | "DATAPREP" | "IDENTITY";

export interface ApiErrorInit {
  family: ErrorFamily;
  /** the catalogue number, e.g. "1710"; for the gateway its error_code, e.g. "403010" */
  code: string;
  status: number;
  title: string;
  message: string;
  /** extra fields of `report` (resource id, type, …) */
  report?: Record<string, unknown>;
  /** a body that replaces the envelope entirely (IMS) */
  rawBody?: Record<string, unknown>;
  /** fields merged into the envelope (the gateway's flat keys, the content-type error's keys) */
  extraBody?: Record<string, unknown>;
  /** response headers the error comes with (Retry-After) */
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly family: ErrorFamily;
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly report: Record<string, unknown>;
  readonly rawBody?: Record<string, unknown>;
  readonly extraBody?: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = "ApiError";
    this.family = init.family;
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.report = init.report ?? {};
    this.rawBody = init.rawBody;
    this.extraBody = init.extraBody;
    this.headers = init.headers ?? {};
  }

  /** AEP's error type URI: https://ns.adobe.com/aep/errors/FLOW-1439-404 */
  get typeUri(): string {
    const prefix = this.family === "GATEWAY" ? "GW" : this.family;
    return `https://ns.adobe.com/aep/errors/${prefix}-${this.code}-${this.status}`;
  }

  toBody(requestId: string): Record<string, unknown> {
    if (this.rawBody) return this.rawBody;
    return {
      type: this.typeUri,
      title: this.title,
      status: this.status,
      report: { "detailed-message": this.message, ...this.report, "request-id": requestId },
      errorMessage: this.message,
      errorDetails: this.message,
      // documented fields of the gateway's own bodies win over the envelope's
      ...this.extraBody,
    };
  }
}
