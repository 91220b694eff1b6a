import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The engine is pure (DESIGN §2): no framework, database, queue, Redis, network or file I/O, no
 * environment and no clock. This scans the source text of every file under src/engine and names
 * the file and line of each breach.
 */

const ENGINE_DIR = path.join(__dirname, '..', '..', '..', 'src', 'engine');

/** Node built-ins that do I/O (with or without the `node:` prefix, and their sub-paths). */
const IO_BUILTINS = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'fs', 'child_process', 'cluster', 'worker_threads'];

const FORBIDDEN_MODULES: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^@nestjs\//, why: 'Nest' },
  { pattern: /^typeorm(\/|$)/, why: 'TypeORM' },
  { pattern: /^bullmq(\/|$)/, why: 'BullMQ' },
  { pattern: /^(ioredis|redis)(\/|$)/, why: 'a Redis client' },
  { pattern: /^(pg|pg-pool|postgres)(\/|$)/, why: 'a Postgres client' },
  { pattern: new RegExp(`^(node:)?(${IO_BUILTINS.join('|')})(/|$)`), why: 'Node I/O' },
];

/** Module specifiers in `import … from 'x'`, `import 'x'`, `export … from 'x'`, `require('x')`, `import('x')`. */
const SPECIFIER_PATTERNS: readonly RegExp[] = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /^\s*import\s*['"]([^'"]+)['"]/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

const FORBIDDEN_TOKENS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\bprocess\s*(\.\s*env\b|\[\s*['"]env['"]\s*\])/, why: 'reads process.env' },
  { pattern: /\bDate\s*\.\s*now\s*\(/, why: 'reads the clock (Date.now)' },
  { pattern: /\bnew\s+Date\s*\(\s*\)/, why: 'reads the clock (new Date())' },
  { pattern: /(?<!\bnew\s+)(?<![.\w])Date\s*\(\s*\)/, why: 'reads the clock (Date())' },
  { pattern: /\bperformance\s*\.\s*now\s*\(/, why: 'reads the clock (performance.now)' },
  { pattern: /\bprocess\s*\.\s*hrtime\b/, why: 'reads the clock (process.hrtime)' },
  { pattern: /\b(setTimeout|setInterval|setImmediate)\s*\(/, why: 'schedules timers' },
];

export interface PurityViolation {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** Blanks out comments (keeping line breaks, so line numbers stay right). */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function scanSource(file: string, source: string): PurityViolation[] {
  const violations: PurityViolation[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      for (const pattern of SPECIFIER_PATTERNS) {
        for (const match of text.matchAll(pattern)) {
          const specifier = match[1]!;
          const forbidden = FORBIDDEN_MODULES.find(({ pattern: module }) => module.test(specifier));
          if (forbidden) violations.push({ file, line, problem: `imports ${specifier} (${forbidden.why})` });
        }
      }
      for (const { pattern, why } of FORBIDDEN_TOKENS) {
        if (pattern.test(text)) violations.push({ file, line, problem: why });
      }
    });
  return violations;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(c|m)?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const format = ({ file, line, problem }: PurityViolation) => `${file}:${line}: ${problem}`;

describe('engine purity', () => {
  it('finds the engine sources', () => {
    const files = sourceFiles(ENGINE_DIR);
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((file) => file.endsWith(path.join('engine', 'screen.ts')))).toBe(true);
  });

  it('has no I/O, environment, clock or framework in src/engine', () => {
    const violations = sourceFiles(ENGINE_DIR).flatMap((file) =>
      scanSource(path.relative(path.join(ENGINE_DIR, '..', '..'), file), readFileSync(file, 'utf8')),
    );
    expect(violations.map(format)).toEqual([]);
  });

  describe('the scanner itself', () => {
    const bad = [
      "import { Injectable } from '@nestjs/common';",
      "import { readFileSync } from 'node:fs';",
      "import * as http from 'http';",
      'import {',
      '  Repository,',
      "} from 'typeorm';",
      "const { Queue } = require('bullmq');",
      "const Redis = await import('ioredis');",
      "import { Pool } from 'pg';",
      "import { spawn } from 'node:child_process';",
      "export { readFile } from 'fs/promises';",
      'const url = process.env.DATABASE_URL;',
      'const started = Date.now();',
      'const today = new Date();',
      'const t0 = performance.now();',
      'setTimeout(() => undefined, 10);',
      "const net = require('node:net');",
      'const stamp = Date();',
      "const env = process['env'];",
    ].join('\n');

    it('catches each kind of breach, with its line', () => {
      expect(scanSource('bad.ts', bad).map(format)).toEqual([
        'bad.ts:1: imports @nestjs/common (Nest)',
        'bad.ts:2: imports node:fs (Node I/O)',
        'bad.ts:3: imports http (Node I/O)',
        'bad.ts:6: imports typeorm (TypeORM)',
        'bad.ts:7: imports bullmq (BullMQ)',
        'bad.ts:8: imports ioredis (a Redis client)',
        'bad.ts:9: imports pg (a Postgres client)',
        'bad.ts:10: imports node:child_process (Node I/O)',
        'bad.ts:11: imports fs/promises (Node I/O)',
        'bad.ts:12: reads process.env',
        'bad.ts:13: reads the clock (Date.now)',
        'bad.ts:14: reads the clock (new Date())',
        'bad.ts:15: reads the clock (performance.now)',
        'bad.ts:16: schedules timers',
        'bad.ts:17: imports node:net (Node I/O)',
        'bad.ts:18: reads the clock (Date())',
        'bad.ts:19: reads process.env',
      ]);
    });

    it('accepts pure code, and mentions in comments', () => {
      const good = [
        "import { createHash } from 'node:crypto';",
        "import { domainToUnicode } from 'node:url';",
        "import ipaddr from 'ipaddr.js';",
        "import { z } from 'zod';",
        "import { pgFormat } from './pg-format';",
        '// no clock: never Date.now() or new Date() here',
        '/* process.env is read at the edge,',
        "   and import 'node:fs' happens in src/knowledge */",
        "const at = new Date('2026-11-27T10:15:00+09:00');",
        "const link = 'https://example.jp/path'; // setTimeout( in a comment",
        'const updatedAt = application.submittedAt;',
      ].join('\n');
      expect(scanSource('good.ts', good)).toEqual([]);
    });
  });
});
