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

export function loadOrCreateEmbeddedAccount(dataDir: string): StorageAccount {
  const file = path.join(dataDir, "azurite", "account.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as StorageAccount;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const account = newEmbeddedAccount();
  writeFileSync(file, JSON.stringify(account), { mode: 0o600 });
  return account;
}
