import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { withStack } from '../support/stack';

type Document = {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PUBLIC_PATHS = /^\/(health|metrics|docs)(\/|$)/;

/**
 * The served document is what client generators get: every operation (whoever adds it) must say what
 * its success answer is and how it fails, and openapi-typescript must turn no answer into `unknown`.
 */
describe('OpenAPI document: a typed client generated from /docs-json', () => {
  const stack = withStack({ worker: false });
  let document: Document;
  let client: ts.SourceFile;
  const workDir = mkdtempSync(join(tmpdir(), 'claimflow-openapi-'));

  beforeAll(async () => {
    document = (await stack.http.get('/docs-json').expect(200)).body as Document;
    writeFileSync(join(workDir, 'openapi.json'), JSON.stringify(document));
    const cli = join(__dirname, '../../node_modules/openapi-typescript/bin/cli.js');
    execFileSync(process.execPath, [cli, join(workDir, 'openapi.json'), '-o', join(workDir, 'client.ts')], { stdio: 'pipe' });
    client = ts.createSourceFile('client.ts', readFileSync(join(workDir, 'client.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
  });
  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
    );

  it('gives every operation a success answer with a schema (204 excepted) and the error shape on every error answer', () => {
    expect(operations().length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { path, method, operation } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push(`${name}: no 2xx answer`);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const media = Object.entries(response.content ?? {});
        if (media.length === 0 || media.some(([, content]) => !content.schema)) problems.push(`${name} ${status}: no schema`);
      }
      for (const [status, response] of Object.entries(operation.responses).filter(([code]) => Number(code) >= 400)) {
        if (!response.content?.['application/json']?.schema) problems.push(`${name} ${status}: no error schema`);
      }
      if (!PUBLIC_PATHS.test(path)) {
        for (const status of ['401', '403']) if (!operation.responses[status]) problems.push(`${name}: ${status} not documented`);
      }
      if (path.includes('{') && !operation.responses['404']) problems.push(`${name}: 404 not documented`);
    }
    expect(problems).toEqual([]);
  });

  it('names the contract objects as component schemas', () => {
    for (const name of [
      'Article',
      'ArticleSummary',
      'Claim',
      'ClaimEvent',
      'Verdict',
      'Evidence',
      'ReviewTask',
      'Suggestion',
      'Webhook',
      'Delivery',
    ])
      expect(Object.keys(document.components.schemas)).toContain(name);
    for (const name of ['FactCheck', 'FactCheckMatch', 'ClaimReview', 'ApiKey', 'CreatedPrincipal', 'ExtractionPreview', 'Error'])
      expect(Object.keys(document.components.schemas)).toContain(name);
    expect(document.components.schemas.Claim).toMatchObject({
      required: expect.arrayContaining(['id', 'articleId', 'text', 'start', 'end', 'checkworthiness', 'status', 'verdict', 'evidence']),
    });
  });

  it('types no 2xx answer and no schema property as unknown or an empty object in the generated client', () => {
    const problems: string[] = [];
    const members = (node: ts.Node | undefined): ts.PropertySignature[] =>
      node && ts.isTypeLiteralNode(node) ? node.members.filter(ts.isPropertySignature) : [];
    const named = (list: ts.PropertySignature[], name: string) =>
      list.find((member) => member.name.getText(client).replace(/"/g, '') === name);
    const vague = (type: ts.TypeNode | undefined) =>
      !type || type.kind === ts.SyntaxKind.UnknownKeyword || /^Record<string, never>( \| null)?$/.test(type.getText(client));
    const interfaces = client.statements.filter(ts.isInterfaceDeclaration);
    const operationsInterface = interfaces.find((declaration) => declaration.name.text === 'operations')!;
    const componentsInterface = interfaces.find((declaration) => declaration.name.text === 'components')!;
    expect(operationsInterface.members.length).toBe(operations().length);

    for (const operation of operationsInterface.members.filter(ts.isPropertySignature)) {
      const operationName = operation.name.getText(client);
      for (const response of members(named(members(operation.type), 'responses')?.type)) {
        const status = response.name.getText(client);
        if (!/^2\d\d$/.test(status) || status === '204') continue;
        const content = named(members(response.type), 'content');
        if (!content || content.questionToken || content.type?.kind === ts.SyntaxKind.NeverKeyword) {
          problems.push(`${operationName} ${status}: no content type`);
          continue;
        }
        for (const media of members(content.type))
          if (vague(media.type)) problems.push(`${operationName} ${status}: ${media.type?.getText(client)}`);
      }
    }
    const schemas = named(componentsInterface.members.filter(ts.isPropertySignature), 'schemas');
    for (const schema of members(schemas?.type)) {
      for (const property of members(schema.type)) {
        if (vague(property.type))
          problems.push(`schema ${schema.name.getText(client)}.${property.name.getText(client)}: ${property.type?.getText(client)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
