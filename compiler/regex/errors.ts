/** A pattern RE2 rejects: RE2's message (`invalid escape sequence`) and the piece of the pattern it names. */
export class Re2SyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly arg: number[],
  ) {
    super(arg.length ? `${code}: ${Buffer.from(arg).toString('utf8')}` : code);
  }
}

export const fail = (code: string, arg: number[] = []): never => {
  throw new Re2SyntaxError(code, arg);
};
