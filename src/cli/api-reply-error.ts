/** An error the API answered with, carrying its code verbatim (HTTP-only codes such as orc_forbidden included). */
export class ApiReplyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiReplyError';
  }
}
