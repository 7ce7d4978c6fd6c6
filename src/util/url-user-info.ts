/**
 * A URL as a message or a log line may quote it: a user name and password before its host (the
 * user info, `https://user:password@host`) are left out, whether or not the text parses as a URL.
 */
export function withoutUserInfo(text: string): string {
  const url = parsed(text);
  if (url && SCHEME_AND_SLASHES.test(text)) {
    if (!url.username && !url.password) return text;
    url.username = "";
    url.password = "";
    return url.href;
  }
  // not a URL (or a scheme-less one): anything up to the last "@" may be a password, even one holding "/" or "#"
  return text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/|\s*).*@/is, "$1");
}

/** Whether the text is a URL naming a user name or password before its host. */
export function hasUserInfo(url: URL): boolean {
  return url.username !== "" || url.password !== "";
}

const SCHEME_AND_SLASHES = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

function parsed(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
