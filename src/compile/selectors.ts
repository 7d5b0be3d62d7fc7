// Conjunction of label selectors: the selector matching exactly the label
// sets that every input selector matches. Used to restrict a peer's
// configuration to the nodes an advertisement or a service also selects. The
// implementation lives with the metallb stage, which uses it to tell whether
// two node selections can meet.
export { conjunction } from '../metallb/selectors.ts';
