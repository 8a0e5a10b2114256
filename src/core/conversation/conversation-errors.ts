/**
 * Domain errors with a stable code; the HTTP layer maps `status` and `code` into the
 * public error shape {"error":{"code","message"}}. Messages are written for a person.
 */
export class ParleyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ParleyError';
  }
}

export const notFound = (what: string) =>
  new ParleyError('not_found', `${what} does not exist.`, 404);

export const conflict = (message: string) => new ParleyError('conflict', message, 409);

export const invalidInput = (message: string) => new ParleyError('invalid_request', message, 400);
