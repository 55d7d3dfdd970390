/** What the query classes' specs expect: the BadRequestException whose answer carries exactly this message. */
export const refusal = (message: unknown) => expect.objectContaining({ response: expect.objectContaining({ message }) });

/** The list endpoints' shared messages, spelled out as clients see them. */
export const LIMIT_REFUSAL = 'limit must be an integer between 1 and 200';
export const CURSOR_REFUSAL = 'cursor is not valid: pass back a nextCursor this server returned';
