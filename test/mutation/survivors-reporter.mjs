// A Stryker reporter (stryker.config.mjs) that writes each mutant no test
// noticed to reports/mutation/survivors.txt as soon as it is found, one line
// each (file:line:column, status, mutator, original -> replacement), so a
// long run can be worked on before it ends.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const FILE = 'reports/mutation/survivors.txt';

class SurvivorsReporter {
  static inject = [];
  lines = new Map();

  onDryRunCompleted() {
    mkdirSync(dirname(FILE), { recursive: true });
    writeFileSync(FILE, '');
  }

  onMutantTested(m) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage' && m.status !== 'Timeout') return;
    const { start, end } = m.location;
    let lines = this.lines.get(m.fileName);
    if (!lines) {
      lines = readFileSync(m.fileName, 'utf8').split('\n');
      this.lines.set(m.fileName, lines);
    }
    const text = lines[start.line - 1] ?? '';
    const original = start.line === end.line ? text.slice(start.column - 1, end.column - 1) : `${text.slice(start.column - 1)}…`;
    const file = m.fileName.replace(/^.*?(?=src[\\/])/, '');
    appendFileSync(FILE, `${file}:${start.line}:${start.column} ${m.status} ${m.mutatorName}: ${JSON.stringify(original).slice(0, 100)} -> ${JSON.stringify(m.replacement ?? '').slice(0, 100)}\n`);
  }
}

export const strykerPlugins = [{ kind: 'Reporter', name: 'survivors', injectableClass: SurvivorsReporter }];
