import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/** Lints `code` as if it lived at `relativePath`, with the project's own config (ESLint runs in its own process: it is ESM). */
async function messagesFor(relativePath: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', relativePath], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint rules (deliberate violations)', () => {
  it('refuses a feature import in a lower layer, a floating promise and a non-exhaustive switch', async () => {
    const code = [
      "import { CLAIM_STATUSES } from '../claims/claim-status';",
      "type Kind = 'a' | 'b';",
      'export async function work(): Promise<number> { return CLAIM_STATUSES.length; }',
      'export function run(kind: Kind): number {',
      '  work();',
      '  switch (kind) {',
      "    case 'a': return 1;",
      '  }',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const messages = await messagesFor('src/common/lint-probe.ts', code);
    expect(messages.some((m) => m.startsWith('no-restricted-imports') && m.includes('Lower layers'))).toBe(true);
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
    expect(messages.some((m) => m.startsWith('@typescript-eslint/switch-exhaustiveness-check'))).toBe(true);
  });

  it('refuses Nest in the pure text library, and nothing else in a clean file', async () => {
    const messages = await messagesFor(
      'src/text/lint-probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const n = Injectable;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^no-restricted-imports: .*Pure modules/);
  });
});
