import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponse } from '../common/api-schemas';
import { MAX_BODY_BYTES } from '../common/body-limit';

type Operation = OpenAPIObject['paths'][string]['get'] & object;
type Responses = Operation['responses'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PUBLIC_PATHS = /^\/(health|metrics|docs)(\/|$)/;

const STANDARD_ERRORS: Record<number, string> = {
  400: 'The request is not valid (the message lists the offending fields): a bad id, query parameter or body',
  401: 'Authorization: Bearer <api key> is missing, or the key is unknown or revoked',
  403: "The key's role may not use this operation",
  404: 'Not found, or it belongs to another newsroom',
  413: `The request body is larger than ${MAX_BODY_BYTES} bytes (checked before anything else)`,
  415: 'The request body is not JSON (Content-Type: application/json)',
  503: 'Postgres does not answer; retry after the Retry-After seconds',
};

/**
 * The served OpenAPI document at /docs (UI) and /docs-json. Every operation's error answers that follow
 * from what it is (a key needed, path ids, a body, Postgres behind it) are added here with the error
 * schema, so operations added later get them too; answers particular to one operation (409, 422, ...)
 * are declared on it.
 */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('claimflow API')
    .setDescription('Articles in, claims out, verification queued, reviewers, signed webhooks. Reference: docs/api.md.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  const build = () => completeErrorAnswers(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] }));
  SwaggerModule.setup('docs', app, build, { jsonDocumentUrl: 'docs-json' });
}

export function completeErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  const errorContent = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses: Responses = operation.responses ?? {};
      const secured = !PUBLIC_PATHS.test(path);
      const hasParameters = path.includes('{') || (operation.parameters ?? []).length > 0;
      const hasBody = operation.requestBody !== undefined;
      const applicable = [
        hasParameters || hasBody ? 400 : null,
        secured ? 401 : null,
        secured ? 403 : null,
        path.includes('{') ? 404 : null,
        hasBody ? 413 : null,
        hasBody ? 415 : null,
        secured ? 503 : null,
      ].filter((status): status is number => status !== null);
      for (const status of applicable) responses[status] ??= { description: STANDARD_ERRORS[status] };
      if (secured) operation.security ??= [{ bearer: [] }];
      for (const [status, response] of Object.entries(responses)) {
        // Errors are always JSON, whatever the operation produces when it succeeds (ClaimReview is JSON-LD).
        if (Number(status) >= 400 && response && !('$ref' in response) && !response.content?.['application/json']) {
          response.content = errorContent;
        }
      }
      operation.responses = responses;
    }
  }
  return document;
}
