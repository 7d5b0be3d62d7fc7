// YAML documents from text, guarded: the `yaml` library's parser (text →
// syntax tree) is iterative, but building documents from the tree recurses
// once per level of nesting, and a stack overflow there can leave V8 unable
// to compile regular expressions for the rest of the process. So the tree of
// each document is measured first, without recursion, and a document nested
// deeper than MAX_DEPTH is not built: it comes back empty, with one
// RESOURCE_EXHAUSTION error.
import { Composer, LineCounter, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { MAX_DEPTH, DEPTH_PROBLEM } from './limits.ts';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** parseAllDocuments, with the depth guard; always an array (empty for an empty stream). */
export function parseDocuments(text: string, options: Options = {}): Document.Parsed[] {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(options);
  const tooDeep = new Set<number>();
  let index = 0;
  function* guarded(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      if (token.type === 'document') {
        if (cstTooDeep(token.value, MAX_DEPTH)) {
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
  for (const doc of docs) for (const e of [...doc.errors, ...doc.warnings]) if (!e.linePos) e.linePos = [lineCounter.linePos(e.pos[0])];
  return docs as Document.Parsed[];
}

/** Whether a syntax tree nests collections deeper than `max` (no recursion). */
export function cstTooDeep(token: CST.Token | undefined, max: number): boolean {
  const stack: Array<[CST.Token | null | undefined, number]> = [[token, 0]];
  while (stack.length > 0) {
    const [t, d] = stack.pop()!;
    if (!t) continue;
    if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (d + 1 > max) return true;
      for (const item of t.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
        if (item.key) stack.push([item.key, d + 1]);
        if (item.value) stack.push([item.value, d + 1]);
      }
    }
  }
  return false;
}
