import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from '../auth/auth.service';

const REALM = 'Basic realm="claimflow queues", charset="UTF-8"';

/**
 * The queue board is for admins: `Authorization: Bearer <admin key>`, or, from a browser, HTTP Basic
 * with the admin key as the password (any user name). 401 asks a browser for it; another role gets 403.
 */
export function adminOnly(auth: AuthService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const key = presentedKey(request.headers.authorization ?? '');
    const refuse = (status: 401 | 403, message: string) => {
      if (status === 401) response.setHeader('WWW-Authenticate', REALM);
      response.status(status).json({ statusCode: status, message, error: status === 401 ? 'Unauthorized' : 'Forbidden' });
    };
    if (!key) return refuse(401, 'the queue board needs the admin key (Bearer, or Basic with the key as password)');
    auth.authenticate(key).then(
      (principal) => {
        if (!principal) refuse(401, 'API key is unknown or revoked');
        else if (principal.role !== 'admin') refuse(403, `the queue board is for role admin, not ${principal.role}`);
        else next();
      },
      (error: unknown) => next(error),
    );
  };
}

function presentedKey(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  return password === '' ? null : password;
}
