// Every action Garde writes to the audit trail is named in words on the console's audit screen,
// in FR, NL and EN (issue 15): the central list (src/audit/actions.ts) holds every action a
// writer in src/ uses, and the console has words for each one in every language it ships.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, isAuditAction } from '../../src/audit/actions.ts';
import { AUDIT_ACTION_WORDS, KNOWN_AUDIT_ACTIONS } from '../../web/console/src/audit-action-words.ts';
import { LANGUAGES } from '../../web/console/src/languages.ts';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * The actions written in src/, as the code spells them: `action: '…'` and `action: \`…${x}\``
 * in the files that write the trail, the readings (`recordReading(…, 'audit.…'`) and the
 * literals the SQL writers put in `audit_pending`. A template becomes its fixed prefix.
 */
function writtenActions(): { file: string; action: string; prefix: boolean }[] {
  const found: { file: string; action: string; prefix: boolean }[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    if (!/appendAudit\(|auditSubjectChange\(|audit_pending|recordSend\(/.test(text)) continue;
    for (const m of text.matchAll(/action: '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g))
      found.push({ file, action: m[1] as string, prefix: false });
    for (const m of text.matchAll(/action: `([a-z][a-z0-9.-]*)\$\{/g))
      found.push({ file, action: m[1] as string, prefix: true });
    for (const m of text.matchAll(/recordReading\([^)]*'([a-z][a-z0-9.-]*)'/g))
      found.push({ file, action: m[1] as string, prefix: false });
    for (const m of text.matchAll(/'([a-z][a-z0-9-]*\.(?:[a-z0-9-]+\.?)*)'(?= \|\||, [a-z_]+\.id|, s\.id)/g))
      found.push({ file, action: m[1] as string, prefix: (m[1] as string).endsWith('.') });
  }
  return found;
}

describe('audit actions in words', () => {
  it('finds the writers it checks (the scan is not silently empty)', () => {
    const written = writtenActions();
    expect(written.map((w) => w.action)).toEqual(
      expect.arrayContaining([
        'consent.',
        'hold.place',
        'audit.read',
        'communication.send',
        'subject.create',
      ]),
    );
  });

  it('lists every action a writer in src/ uses in AUDIT_ACTIONS', () => {
    const missing = writtenActions().filter((w) =>
      w.prefix ? !AUDIT_ACTIONS.some((a) => a.startsWith(w.action)) : !isAuditAction(w.action),
    );
    expect(missing).toEqual([]);
  });

  it('names every action in French, Dutch and English, not as its code', () => {
    for (const language of LANGUAGES)
      for (const action of AUDIT_ACTIONS) {
        const words = (AUDIT_ACTION_WORDS[language] as Record<string, string | undefined>)[action];
        expect({ language, action, words: words?.trim() || null }).toEqual({
          language,
          action,
          words: expect.stringMatching(/\s/),
        });
      }
  });

  it('knows no action Garde does not write (the filter offers only real ones)', () => {
    expect(KNOWN_AUDIT_ACTIONS).toEqual([...AUDIT_ACTIONS].sort());
  });
});
