import type { IncomingMessage } from 'node:http';
import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { declaredLength, discardRequestBody, hasBody, tooLargeMessage } from './body-guards';
import { MAX_BODY_DEPTH } from './body-limit';
import { inspectJson } from './json-inspection';

const CHARSET = /;\s*charset\s*=\s*"?([\w-]+)"?/i;

function readBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        discardRequestBody(request);
        reject(new PayloadTooLargeException(tooLargeMessage(limit)));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new BadRequestException(`request body could not be read: ${error.message}`));
    };
    const onAborted = () => {
      cleanup();
      reject(new HttpException('request body was not sent completely', HttpStatus.BAD_REQUEST));
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    request.once('aborted', onAborted);
  });
}

/**
 * Reads and parses a JSON request body of at most `limit` bytes: 413 before reading when the declared
 * length is over it (and as soon as a chunked body passes it), 415 for a charset other than UTF-8,
 * 400 for JSON that does not parse, is nested deeper than MAX_BODY_DEPTH or holds NUL characters.
 * Undefined when the request has no body.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  if (!hasBody(request)) return undefined;
  if (declaredLength(request) > limit) {
    discardRequestBody(request);
    throw new PayloadTooLargeException(tooLargeMessage(limit));
  }
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    discardRequestBody(request);
    throw new UnsupportedMediaTypeException(`unsupported charset "${charset}": send UTF-8`);
  }
  const bytes = await readBytes(request, limit);
  if (bytes.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BadRequestException('request body is not valid JSON');
  }
  const { depth, nulPaths } = inspectJson(body, MAX_BODY_DEPTH);
  if (depth > MAX_BODY_DEPTH) throw new BadRequestException(`request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
  if (nulPaths.length > 0) throw new BadRequestException(nulPaths.map((path) => `${path} must not contain NUL characters`));
  return body;
}
