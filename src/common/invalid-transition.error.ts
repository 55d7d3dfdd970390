/** A state machine refused a change: raised by the pure status modules, answered 409 by the HTTP filter. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly from: string | null,
    readonly to: string,
  ) {
    super(`a claim cannot go from ${from ?? '(new)'} to ${to}`);
  }
}
