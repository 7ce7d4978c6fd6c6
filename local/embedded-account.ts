/**
 * The embedded storage account: a name shaped like AEP's (24 lowercase letters and digits, e.g.
 * sndbxdtlndga8m7ajbvgc64k) and a random key, made on first start and kept under DATA_DIR so a
 * restart keeps every issued SAS valid.
 */
import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StorageAccount } from "./azurite.js";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const PREFIX = "sndbxdtlnd";

export function newEmbeddedAccount(): StorageAccount {
  let name = PREFIX;
  while (name.length < 24) name += ALPHABET[randomInt(ALPHABET.length)];
  return { name, key: randomBytes(64).toString("base64") };
}

const accountFile = (dataDir: string) => path.join(dataDir, "azurite", "account.json");

/** The account `npm start` made under this DATA_DIR, if it made one. */
export function loadEmbeddedAccount(dataDir: string): StorageAccount | undefined {
  try {
    return JSON.parse(readFileSync(accountFile(dataDir), "utf8")) as StorageAccount;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return undefined;
  }
}

export function loadOrCreateEmbeddedAccount(dataDir: string): StorageAccount {
  const existing = loadEmbeddedAccount(dataDir);
  if (existing) return existing;
  const file = accountFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const account = newEmbeddedAccount();
  writeFileSync(file, JSON.stringify(account), { mode: 0o600 });
  return account;
}
