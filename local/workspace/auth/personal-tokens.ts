/**
 * The workspace's personal access tokens, as Databricks' Token API 2.0 keeps them: the token the
 * workspace was started with, and tokens made by `POST /api/2.0/token/create`, each with an id,
 * an optional lifetime and comment; `POST /api/2.0/token/delete` revokes one, the started-with
 * token included (a revoked token is refused at once, as a revoked Databricks token is). What is
 * kept (`tokens.json`, mode 0600) is each token's hash, never its value; a revocation of the
 * started-with token lasts until the workspace is started with another token.
 */
import { createHash, randomBytes } from "node:crypto";
import { readJsonFile, writeJsonFile } from "../json-file.js";
import { sameText, tokenHash } from "./oauth-issuer.js";

export interface TokenInfo {
  token_id: string;
  /** ms since the epoch */
  creation_time: number;
  /** ms since the epoch; -1 when it never expires */
  expiry_time: number;
  comment: string;
}

interface KeptToken extends TokenInfo {
  hash: string;
}

interface TokensFile {
  created: KeptToken[];
  /** ids of revoked started-with tokens */
  revoked: string[];
}

export type PersonalTokenCheck = "valid" | "expired" | "unknown";

export class PersonalTokens {
  private readonly state: TokensFile;
  private readonly started: TokenInfo;

  constructor(
    private readonly file: string,
    private readonly startedWith: string,
    private readonly now: () => number,
  ) {
    this.state = readJsonFile<TokensFile>(file) ?? { created: [], revoked: [] };
    this.started = { token_id: idOf(startedWith), creation_time: 0, expiry_time: -1, comment: "the token the workspace was started with" };
  }

  check(presented: string): PersonalTokenCheck {
    if (sameText(presented, this.startedWith)) return this.state.revoked.includes(this.started.token_id) ? "unknown" : "valid";
    const hash = tokenHash(presented);
    const kept = this.state.created.find((t) => t.hash === hash);
    if (!kept) return "unknown";
    return kept.expiry_time === -1 || this.now() < kept.expiry_time ? "valid" : "expired";
  }

  create(lifetimeSeconds: number | undefined, comment: string): { token_value: string; token_info: TokenInfo } {
    const value = `dapi${randomBytes(16).toString("hex")}`;
    const createdAt = this.now();
    const info: TokenInfo = {
      token_id: randomBytes(32).toString("hex"),
      creation_time: createdAt,
      expiry_time: lifetimeSeconds === undefined ? -1 : createdAt + lifetimeSeconds * 1000,
      comment,
    };
    this.state.created.push({ ...info, hash: tokenHash(value) });
    this.save();
    return { token_value: value, token_info: info };
  }

  list(): TokenInfo[] {
    const started = this.state.revoked.includes(this.started.token_id) ? [] : [this.started];
    return [...started, ...this.state.created.map(({ hash: _hash, ...info }) => info)];
  }

  /** false when no token has this id */
  revoke(tokenId: string): boolean {
    if (tokenId === this.started.token_id && !this.state.revoked.includes(tokenId)) {
      this.state.revoked.push(tokenId);
    } else {
      const index = this.state.created.findIndex((t) => t.token_id === tokenId);
      if (index < 0) return false;
      this.state.created.splice(index, 1);
    }
    this.save();
    return true;
  }

  private save(): void {
    writeJsonFile(this.file, this.state, 0o600);
  }
}

/** The started-with token's id: stable across restarts, and no clue to the token itself. */
function idOf(token: string): string {
  return createHash("sha256").update(`local-workspace-token-id:${token}`).digest("hex");
}
