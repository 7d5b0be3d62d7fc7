// The review commands (diff, explain), bundled apart from the function as
// dist/review.cjs and loaded only when one of them runs (their code and
// node:crypto would otherwise lengthen every function start).
export { runDiff } from './diff.ts';
export { runExplain } from './explain.ts';
