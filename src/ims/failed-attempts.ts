/**
 * Failed token requests, counted per key (a client id, an address) in fixed windows: once a key
 * has failed `maxFailures` times in a window, every request naming it is refused until the window
 * ends, the right secret included, so secrets cannot be guessed at the speed of the network.
 * Successes are never counted. Memory stays bounded: at most MAX_KEYS keys are remembered.
 */
export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_TOKEN_THROTTLE: ThrottleSettings = { maxFailures: 10, windowMs: 60_000 };

const MAX_KEYS = 10_000;

interface Window {
  failures: number;
  endsAt: number;
}

export class FailedAttempts {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long until the first of these keys that is locked out may try again; undefined when none is. */
  lockedFor(keys: readonly string[]): number | undefined {
    const now = this.now();
    let longest: number | undefined;
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.endsAt > now && window.failures >= this.settings.maxFailures) {
        longest = Math.max(longest ?? 0, window.endsAt - now);
      }
    }
    return longest;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const window = this.windows.get(key);
      if (window && window.endsAt > now) window.failures++;
      else this.windows.set(key, { failures: 1, endsAt: now + this.settings.windowMs });
    }
    if (this.windows.size > MAX_KEYS) this.forgetOldest(now);
  }

  private forgetOldest(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    // still full of live windows: the oldest go first (a Map iterates in insertion order)
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}
