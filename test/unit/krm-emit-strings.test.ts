// The writer of generated objects quotes a string only where YAML would read
// it otherwise or a reader could not see it: one starting with `...` (a
// document end marker at column 0) is quoted while one only ending with dots
// stays plain; a string of several lines is a literal block, but one made
// only of blanks (no-break or ideographic spaces) is quoted, so it does not
// become a block of invisible lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { emitYAML } from '../../src/krm/emit.ts';

const roundTrip = (value: unknown, text: string) => {
  assert.equal(emitYAML(value), text);
  assert.deepEqual(parse(text), value);
};

test('a string starting with ... is quoted; one ending with ... stays plain', () => {
  roundTrip('...x', '"...x"\n');
  roundTrip({ k: '...x' }, 'k: "...x"\n');
  roundTrip({ k: 'wait...' }, 'k: wait...\n');
  roundTrip(['x...'], '- x...\n');
});

test('several lines of blanks only are quoted; several lines of text are a literal block', () => {
  roundTrip({ k: '\u00a0\n' }, 'k: "\u00a0\\n"\n');
  roundTrip({ k: '\u3000\n\u3000' }, 'k: "\u3000\\n\u3000"\n');
  roundTrip({ k: '\u00a0x\n' }, 'k: |\n  \u00a0x\n');
});
