import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table is read and written only by the library that owns it (the one whose *.entity.ts
 * declares it); other libraries call its methods. The same rule as ../shared/tools/foreign-sql.py,
 * so it runs where only Node.js is installed. A reference may stay only under a comment line
 * `// foreign-table: <table> …` within the 20 lines above it, naming the table and saying why.
 */

const ROOT = join(__dirname, '..');
const WINDOW = 20;

interface SourceFile {
  lib: string;
  path: string;
  text: string;
}

export interface ForeignReference {
  lib: string;
  path: string;
  line: number;
  table: string;
  owner: string;
  justified: boolean;
}

export function foreignReferences(files: readonly SourceFile[]): ForeignReference[] {
  const owner = new Map<string, string>();
  const entity = /@Entity\(\s*(?:\{[^}]*?name:\s*)?['"]([a-z_0-9]+)['"]/g;
  for (const f of files.filter((f) => f.path.endsWith('.entity.ts')))
    for (const m of f.text.matchAll(entity)) owner.set(m[1], f.lib);
  if (owner.size === 0) return [];
  const names = [...owner.keys()].sort((a, b) => b.length - a.length).join('|');
  const reference = new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+(?:ONLY\\s+)?"?(${names})"?\\b`, 'gi');
  const found: ForeignReference[] = [];
  for (const f of files) {
    if (f.path.endsWith('.entity.ts') || f.path.includes('.spec.')) continue;
    const lines = f.text.split('\n');
    lines.forEach((text, i) => {
      for (const m of text.matchAll(reference)) {
        const table = m[1].toLowerCase();
        const tableOwner = owner.get(table)!;
        if (tableOwner === f.lib) continue;
        const above = lines.slice(Math.max(0, i - WINDOW), i + 1);
        const justified = above.some(
          (l) => /\/\/ foreign-table:/.test(l) && new RegExp(`\\b${table}\\b`).test(l),
        );
        found.push({ lib: f.lib, path: f.path, line: i + 1, table, owner: tableOwner, justified });
      }
    });
  }
  return found;
}

function librarySources(): SourceFile[] {
  const libs = join(ROOT, 'libs');
  const files: SourceFile[] = [];
  const walk = (lib: string, dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(lib, path);
      else if (entry.name.endsWith('.ts'))
        files.push({ lib, path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  for (const lib of readdirSync(libs)) walk(lib, join(libs, lib));
  return files;
}

describe('table ownership', () => {
  it('no library names another library’s table in SQL without a foreign-table comment saying why', () => {
    const references = foreignReferences(librarySources());
    const unjustified = references
      .filter((r) => !r.justified)
      .map((r) => `${r.path}:${r.line} ${r.lib} → ${r.table} (owned by ${r.owner})`);
    expect(unjustified).toEqual([]);
    // The ceiling: at most ten justified exceptions in all.
    expect(references.length).toBeLessThanOrEqual(10);
  });

  it('catches a foreign reference, and accepts it only under a comment naming the table', () => {
    const entity = (lib: string, table: string): SourceFile => ({
      lib,
      path: `libs/${lib}/src/${table}.entity.ts`,
      text: `@Entity({ name: '${table}' })`,
    });
    const files = [
      entity('people', 'users'),
      entity('tasks', 'tasks'),
      {
        lib: 'tasks',
        path: 'libs/tasks/src/a.ts',
        text: "q('SELECT * FROM tasks t JOIN users u ON u.id = t.lead_user_id')",
      },
      {
        lib: 'tasks',
        path: 'libs/tasks/src/b.ts',
        text: "// foreign-table: users, one round trip on a hot path\nq('SELECT 1 FROM users')",
      },
      {
        lib: 'tasks',
        path: 'libs/tasks/src/c.ts',
        text: "// foreign-table: positions\nq('UPDATE users SET x = 1')",
      },
    ];
    expect(foreignReferences(files).map((r) => [r.path, r.table, r.justified])).toEqual([
      ['libs/tasks/src/a.ts', 'users', false],
      ['libs/tasks/src/b.ts', 'users', true],
      ['libs/tasks/src/c.ts', 'users', false],
    ]);
  });
});
