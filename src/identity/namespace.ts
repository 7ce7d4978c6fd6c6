/** An identity namespace as the Identity Service answers it, and the checks of the body that makes or changes one. */
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { isObject, type Json } from "../aep-conventions/request-body.js";

export const IDENTITY_NAMESPACES_PATH = "/data/core/idnamespace/identities";

export interface IdentityNamespace {
  updateTime: number;
  code: string;
  status: "ACTIVE";
  description: string;
  id: number;
  createTime: number;
  idType: string;
  name: string;
  custom: boolean;
}

/** AEP's identity types; a body may write them in any case (its own example sends `Cross_device`), and keeps its spelling */
export const ID_TYPES = ["COOKIE", "DEVICE", "CROSS_DEVICE", "EMAIL", "PHONE", "NON_PEOPLE"] as const;

/** a code is written into identity maps and descriptors as it is: no control character, no space at either end */
const CODE = /^(?! )[^\p{Cc}]{1,64}(?<! )$/u;
const MAX_NAME = 256;
const MAX_DESCRIPTION = 2048;

export const NAMESPACE_FIELDS = ["name", "code", "description", "idType"] as const;

/** What a create asks for, checked: each refusal names the field and what it takes. */
export function namespaceFields(body: unknown, readOnly: readonly string[] = []): Pick<IdentityNamespace, "name" | "code" | "description" | "idType"> {
  if (!isObject(body)) throw Errors.identityInvalidInput('The body must be a JSON object: {"name", "code", "idType", "description"}.');
  const unknown = Object.keys(body).find((key) => !(NAMESPACE_FIELDS as readonly string[]).includes(key) && !readOnly.includes(key));
  if (unknown !== undefined) throw Errors.identityInvalidInput(`The field ${unknown} is not one a namespace takes: name, code, idType and description.`);
  const name = text(body, "name", MAX_NAME);
  const code = text(body, "code", 64);
  if (!CODE.test(code)) throw Errors.identityInvalidInput(`The code ${JSON.stringify(code)} must be at most 64 characters, none a control character, with no space at either end.`);
  const idType = text(body, "idType", 32);
  if (!ID_TYPES.includes(idType.toUpperCase() as (typeof ID_TYPES)[number])) {
    throw Errors.identityInvalidInput(`The idType ${JSON.stringify(idType)} is not an identity type: give one of ${ID_TYPES.join(", ")}.`);
  }
  const description = body.description === undefined || body.description === null ? "" : text(body, "description", MAX_DESCRIPTION, true);
  return { name, code, description, idType };
}

function text(body: Json, field: string, max: number, mayBeEmpty = false): string {
  const value = body[field];
  if (value === undefined || value === null) throw Errors.identityInvalidInput(`The field ${field} is missing: a namespace needs a name, a code and an idType.`);
  if (typeof value !== "string") throw Errors.identityInvalidInput(`The field ${field} must be a string, not ${JSON.stringify(value)}.`);
  if (!mayBeEmpty && value.trim() === "") throw Errors.identityInvalidInput(`The field ${field} is empty.`);
  if (value.length > max) throw Errors.identityInvalidInput(`The field ${field} is ${value.length} characters long, more than the ${max} it may be.`);
  return value;
}

/** Two codes are one whatever their case: `email` would be read as `Email` by anyone who types it */
export const sameCode = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
