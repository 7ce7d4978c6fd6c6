/** An error as one line, its code first: a message that starts with its code already (a row error's, `MAPPER-3700-400: …`) once. */
export const codeFirst = (code: string, message: string): string => (message.startsWith(`${code}: `) ? message : `${code}: ${message}`);
