/**
 * The standard identity namespaces every sandbox has (docs/api/identity.md#standard-namespaces): AEP's published list of
 * standard namespaces, their codes and ids. Their times are those AEP's list answer shows where it shows them, else the
 * earliest of those.
 */
import type { IdentityNamespace } from "./namespace.js";

const EARLIEST = 1441122419000;

const standard = (id: number, code: string, name: string, idType: string, description: string, time = EARLIEST): IdentityNamespace => ({
  updateTime: time,
  code,
  status: "ACTIVE",
  description,
  id,
  createTime: time,
  idType,
  name,
  custom: false,
});

export const STANDARD_NAMESPACES: readonly IdentityNamespace[] = [
  standard(0, "CORE", "CORE", "COOKIE", "CORE Namespace"),
  standard(4, "ECID", "ECID", "COOKIE", "ECID Namespace", 1495153678000),
  standard(6, "Email", "Email", "EMAIL", "Email Namespace"),
  standard(7, "Phone", "Phone", "PHONE", "Phone Namespace"),
  standard(8, "WAID", "Windows AID", "DEVICE", "Windows Advertising ID"),
  standard(9, "TNTID", "Adobe Target", "COOKIE", "Adobe Target ID"),
  standard(11, "Emails", "Email (SHA256, lowercased)", "EMAIL", "Email addresses lowercased, then hashed with SHA-256"),
  standard(411, "AdCloud", "AdCloud", "COOKIE", "Adobe AdCloud - ID Syncing Partner", 1522783145000),
  standard(20914, "GAID", "Google Ad ID", "DEVICE", "Google Advertising ID"),
  standard(20915, "IDFA", "Apple IDFA", "DEVICE", "Apple ID for Advertisers"),
];
