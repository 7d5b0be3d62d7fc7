// describeError (src/agent/errors.ts): one line per API error, with the
// status and the API server's own message. A pure function over the errors
// the client (src/agent/kubeapi.ts) raises; the messages real API servers
// send go through it in test/e2e/agent-kube.test.ts (RBAC refusals,
// conflicts, AlreadyExists, a refused Event).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeError, statusOf } from '../../src/agent/errors.ts';
import { ApiError } from '../../src/agent/kubeapi.ts';

describe('describeError', () => {
  it('keeps the status and the API server\'s message, one line', () => {
    const e = new ApiError(403, 'frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update', 'Forbidden');
    assert.equal(describeError(e), 'HTTP 403: frrnodestates "node1" is forbidden: User "system:serviceaccount:x:y" cannot update');
    assert.equal(statusOf(e), 403);
    assert.equal(describeError(new ApiError(500, 'Internal\nmore')), 'HTTP 500: Internal');
    assert.equal(describeError(new Error('connect ECONNREFUSED 127.0.0.1:6443')), 'connect ECONNREFUSED 127.0.0.1:6443');
    assert.equal(statusOf(new Error('connect ECONNREFUSED 127.0.0.1:6443')), undefined);
    assert.equal(describeError(Object.assign(new Error('Too Many Requests'), { statusCode: 429 })), 'HTTP 429: Too Many Requests');
    assert.equal(describeError('x'.repeat(400)).length, 300);
  });
});
