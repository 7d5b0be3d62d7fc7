// describeError (src/agent/errors.ts): one line per API error, with the
// status and the API server's own message, never the rest of the body. A pure
// function over error objects shaped like @kubernetes/client-node's; the
// messages real API servers send go through it in test/e2e/agent-kube.test.ts
// (RBAC refusals, conflicts, AlreadyExists, a refused Event).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeError } from '../../src/agent/errors.ts';

describe('describeError', () => {
  it('keeps the status and the API server\'s message, not the body', () => {
    const body = { kind: 'Status', code: 403, message: 'frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update', details: { secret: 'never' } };
    const e = Object.assign(new Error(`HTTP-Code: 403\nMessage: Unknown API Status Code!\nBody: ${JSON.stringify(body)}\nHeaders: {}`), { code: 403, body: JSON.stringify(body) });
    assert.equal(describeError(e), 'HTTP 403: frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update');
    const noBody = Object.assign(new Error('HTTP-Code: 500\nMessage: Internal\nBody: undefined\nHeaders: {}'), { code: 500 });
    assert.equal(describeError(noBody), 'HTTP 500: Internal');
    assert.equal(describeError(new Error('connect ECONNREFUSED 127.0.0.1:6443')), 'connect ECONNREFUSED 127.0.0.1:6443');
    assert.equal(describeError(Object.assign(new Error('Too Many Requests'), { statusCode: 429 })), 'HTTP 429: Too Many Requests');
  });
});
