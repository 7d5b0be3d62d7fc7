// YAML documents from text, guarded: the `yaml` library's parser (text →
// syntax tree) is iterative, but building documents from the tree recurses
// once per level of nesting, and a stack overflow there can leave V8 unable
// to compile regular expressions for the rest of the process. So the tree of
// each document is measured first, without recursion, and a document nested
// deeper than MAX_DEPTH is not built: it comes back empty, with one
// RESOURCE_EXHAUSTION error.
//
// The parser's own messages quote the input ("Block scalar header includes
// extra characters: >Hunter2-s3cret", for `password: >Hunter2-s3cret`), so
// they are never shown: yamlProblem words each kind of error itself, with
// its line and column, quoting no input text.
import { Composer, isScalar, LineCounter, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type YAMLError } from 'yaml';
import { MAX_DEPTH, DEPTH_PROBLEM } from './limits.ts';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * parseAllDocuments, with the depth guard; always an array (empty for an
 * empty stream). `maxDepth`: less for a piece of a larger document (an item
 * of a list cut out of a ResourceList sits one level lower there: under the
 * root map).
 */
export function parseDocuments(text: string, options: Options = {}, maxDepth = MAX_DEPTH): Document.Parsed[] {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(options);
  const tooDeep = new Set<number>();
  let index = 0;
  function* guarded(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      if (token.type === 'document') {
        if (cstTooDeep(token.value, maxDepth)) {
          tooDeep.add(index);
          // An empty document in its place keeps the document count right.
          yield { ...token, value: { type: 'scalar', offset: token.offset, indent: 0, source: '' } };
        } else yield token;
        index++;
      } else yield token;
    }
  }
  const docs = Array.from(composer.compose(guarded()));
  docs.forEach((doc, i) => {
    if (tooDeep.has(i)) doc.errors.unshift(new YAMLParseError([doc.range[0], doc.range[0] + 1], 'RESOURCE_EXHAUSTION', DEPTH_PROBLEM));
  });
  // The composer leaves linePos unset (the library's prettyErrors pass, not run here, sets it).
  for (const doc of docs) for (const e of [...doc.errors, ...doc.warnings]) e.linePos = [lineCounter.linePos(e.pos[0])];
  return docs as Document.Parsed[];
}

/**
 * A document that holds nothing: `---` alone or with comments (the yaml
 * library gives it an empty null scalar), null or an empty string. A stream
 * skips it; around a ResourceList it is no second document.
 */
export function holdsNothing(d: Document.Parsed): boolean {
  const root = d.contents;
  // Stryker disable next-line ConditionalExpression: equivalent: the test is for the type checker (a map or a list has no value)
  if (!isScalar(root)) return false;
  return root.value === null || root.value === '';
}

/** Whether a syntax tree nests collections deeper than `max` (no recursion). */
export function cstTooDeep(token: CST.Token | undefined, max: number): boolean {
  const stack: Array<[CST.Token | null | undefined, number]> = [[token, 0]];
  while (stack.length > 0) {
    const [t, d] = stack.pop()!;
    if (!t) continue;
    if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (d + 1 > max) return true;
      // An absent key or value is skipped when popped.
      for (const item of t.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) stack.push([item.key, d + 1], [item.value, d + 1]);
    }
  }
  return false;
}

/** What each kind of YAML error means, in words that quote no input. */
const YAML_PROBLEMS: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have a tag or an anchor',
  BAD_ALIAS: 'an alias (*name) is not valid here',
  BAD_DIRECTIVE: 'a % directive is not valid',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape sequence',
  BAD_INDENT: 'wrong indentation, or a flow collection ([...] or {...}) is not closed',
  BAD_PROP_ORDER: 'a tag or anchor is out of place',
  BAD_SCALAR_START: 'a plain value starts with a reserved character (@ or `); quote it',
  BLOCK_AS_IMPLICIT_KEY: 'a map cannot start on the line of its key (`a: b: c`); quote the value or break the line',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection',
  BAD_COLLECTION_TYPE: 'a tag does not fit its collection',
  DUPLICATE_KEY: 'a map has the same key twice',
  IMPOSSIBLE: 'the text cannot be read as YAML',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'a key runs over several lines',
  MULTIPLE_ANCHORS: 'a value has two anchors',
  MULTIPLE_DOCS: 'several documents where one is expected',
  MULTIPLE_TAGS: 'a value has two tags',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: DEPTH_PROBLEM,
  TAB_AS_INDENT: 'a tab is used for indentation (use spaces)',
  TAG_RESOLVE_FAILED: 'a tagged value does not fit its tag',
  UNEXPECTED_TOKEN: 'unexpected text (a colon, dash, quote or indentation out of place?)',
};

/**
 * One line about a YAML error, quoting no input text: what is wrong, where.
 * A duplicate key is named (keys are quoted, values never), shortened.
 */
export function yamlProblem(e: YAMLError, text?: string): string {
  let what = YAML_PROBLEMS[e.code] ?? 'the text cannot be read as YAML';
  if (e.code === 'UNEXPECTED_TOKEN' && e.message.startsWith('Block scalar header')) {
    what = 'a value starting with > or | starts a block of text on the next lines; quote it';
  }
  if (e.code === 'DUPLICATE_KEY' && text !== undefined) {
    // The key's text from its start (the last alternative may match nothing, so the match is at 0: no ^ needed);
    // a single-quoted key ends at a quote not doubled (else a key cut at 200 characters was named by its part before '').
    const key = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'(?!')|[^\n:#]*)/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[0].trim().replace(/^(["'])(.*)\1$/, '$2');
    if (key) what = `the key ${shortQuote(key)} appears twice in one map`;
  }
  const at = e.linePos?.[0];
  return at && e.code !== 'RESOURCE_EXHAUSTION' ? `${what} (line ${at.line}, column ${at.col})` : what;
}

/** A key for a message: JSON-quoted (one line, control characters escaped), at most 40 characters. */
export function shortQuote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}
