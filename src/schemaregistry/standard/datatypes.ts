/**
 * The standard data types the standard field groups use (adobe/xdm components/datatypes): a
 * person and their name, a postal address, an email address, a phone number, an identity.
 */
import { AUDITABLE_FIELDS, boolean, dataType, date, integer, number, oneOf, suggested, text, uri, wrapper } from "./fields.js";
import { DATA_TYPE, type StandardSpec } from "./spec.js";

const CONTACT_STATUS = { active: "Active", incomplete: "Incomplete", pending_verification: "Pending Verification", blacklisted: "Blacklisted", blocked: "Blocked" };

export const STANDARD_DATA_TYPES: readonly StandardSpec[] = [
  {
    $id: DATA_TYPE.personName,
    title: "Person name",
    description: "The full name of a person, in its parts.",
    fields: {
      firstName: text("First name", { description: "The first segment of the name in the writing order most commonly accepted in the language of the name." }),
      lastName: text("Last name", { description: "The last segment of the name in the writing order most commonly accepted in the language of the name." }),
      middleName: text("Middle name", { description: "Middle, alternative, or additional names supplied between the first name and last name." }),
      courtesyTitle: text("Courtesy title", { description: "Normally an abbreviation of a persons title, honorific, or salutation." }),
      suffix: text("Suffix", { description: "A group of letters provided after a person's name to provide additional information." }),
      fullName: text("Full name", { description: "The full name of the person, in the writing order most commonly accepted in the language of the name." }),
    },
  },
  {
    $id: DATA_TYPE.person,
    title: "Person",
    description: "An individual person. May represent a person acting in various roles, such as a customer, contact, or owner.",
    fields: {
      name: dataType("Full name", DATA_TYPE.personName, { description: "The person's full name." }),
      birthDate: date("Birth date", { description: "The full date a person was born." }),
      birthDayAndMonth: text("Birth date (MM-DD Format)", { pattern: "[0-1][0-9]-[0-9][0-9]", description: "The day and month a person was born, in the format MM-DD." }),
      birthYear: integer("Birth year", { minimum: 1, maximum: 32767, description: "The year a person was born including the century, for example, 1983." }),
      gender: oneOf("Gender", { male: "Male", female: "Female", not_specified: "Not Specified", non_specific: "Non-specific" }, { default: "not_specified" }),
      maritalStatus: oneOf(
        "Marital Status",
        { married: "Married", single: "Single", divorced: "Divorced", widowed: "Widowed", not_specified: "Not Specified" },
        { default: "not_specified" },
      ),
      nationality: text("Nationality", { pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2 code of the person's nationality." }),
      taxId: text("Tax ID", { description: "The Tax / Fiscal ID of the person." }),
      type: text("Type", { description: "The type of individual." }),
      ...AUDITABLE_FIELDS,
    },
  },
  {
    $id: DATA_TYPE.address,
    title: "Postal address",
    description: "A postal address.",
    fields: {
      _id: uri("Identifier", { description: "Unique identifier of this address." }),
      _schema: wrapper({
        description: text("Description", { description: "A free text description of the address." }),
        latitude: number("Latitude", { minimum: -90, maximum: 90 }),
        longitude: number("Longitude", { minimum: -180, maximum: 180 }),
        elevation: number("Elevation", { description: "Meters above sea level." }),
      }),
      street1: text("Street 1", { description: "Primary street level information, apartment number, street number and street name." }),
      street2: text("Street 2"),
      street3: text("Street 3"),
      street4: text("Street 4"),
      city: text("City", { description: "The name of the city." }),
      postalCode: text("Postal code", { description: "The postal code of the location." }),
      region: text("Region", { description: "The region, county, or district portion of the address." }),
      state: text("State", { description: "The name of the State." }),
      stateProvince: text("State or province", { pattern: "([A-Z]{2}-[A-Z0-9]{1,3}|)", description: "ISO 3166-2 code of the state or province." }),
      country: text("Country", { description: "The name of the government-administered territory." }),
      countryCode: text("Country code", { pattern: "^[A-Z]{2}$", description: "The two-character ISO 3166-1 alpha-2 code for the country." }),
      postOfficeBox: text("Post office box", { maxLength: 20 }),
      label: text("Label", { description: "Free form name of the address." }),
      primary: boolean("Primary", { description: "Primary address indicator." }),
      status: suggested("Status", CONTACT_STATUS, { default: "active" }),
      statusReason: text("Status reason"),
      lastVerifiedDate: date("Last verified date"),
      dmaID: integer("Designated market area"),
      msaID: integer("Metropolitan statistical area"),
      ...AUDITABLE_FIELDS,
    },
  },
  {
    $id: DATA_TYPE.email,
    title: "Email address",
    description: "An electronic mail address.",
    fields: {
      address: text("Address", { format: "email", minLength: 1, description: "The technical address, e.g 'name@domain.com'." }),
      label: text("Label"),
      primary: boolean("Primary", { description: "Primary email indicator." }),
      type: suggested("Type", { unknown: "Unknown", personal: "Personal", work: "Work", education: "Education" }),
      status: suggested("Status", CONTACT_STATUS, { default: "active" }),
      statusReason: text("Status reason"),
    },
    required: ["address"],
  },
  {
    $id: DATA_TYPE.phone,
    title: "Phone number",
    description: "A phone number.",
    fields: {
      number: text("Number", { description: "The phone number." }),
      countryCode: text("Country code", { pattern: "^[0-9]{1,3}?$", minLength: 1, maxLength: 3 }),
      extension: text("Extension"),
      primary: boolean("Primary", { description: "Primary phone number indicator." }),
      status: suggested("Status", CONTACT_STATUS, { default: "active" }),
      statusReason: text("Status reason"),
      validity: suggested("Validity", { consistent: "Consistent", inconsistent: "Inconsistent", incomplete: "Incomplete", successfullyUsed: "Successfully used" }),
    },
  },
  {
    $id: DATA_TYPE.identityItem,
    title: "Identity",
    description: "An identity in one namespace.",
    fields: {
      id: text("Identifier", { description: "Identity of the consumer in the related namespace." }),
      authenticatedState: oneOf("Authenticated state", { ambiguous: "Ambiguous", authenticated: "Authenticated", loggedOut: "Logged out" }, { default: "ambiguous" }),
      primary: boolean("Primary", { default: false, description: "Whether this identity is the primary identifier of the record." }),
    },
  },
];
