// Errors from the API client, described in one line for logs and status.
// Kept apart from kube.ts so that code that only reports errors does not load
// the Kubernetes client.

/** HTTP status of a client-node error, if any. */
export function statusOf(e: unknown): number | undefined {
  const err = e as { code?: unknown; statusCode?: unknown };
  if (typeof err?.code === 'number') return err.code;
  if (typeof err?.statusCode === 'number') return err.statusCode;
  return undefined;
}

/**
 * One line about an error: the HTTP status and the API server's own message
 * (a Status' `message`, e.g. why RBAC said no), never the rest of a response
 * body, which could echo an object.
 */
export function describeError(e: unknown): string {
  const status = statusOf(e);
  const raw = (e as { body?: unknown })?.body;
  let apiMessage: unknown;
  try {
    apiMessage = (typeof raw === 'string' ? (JSON.parse(raw) as { message?: unknown }) : (raw as { message?: unknown } | undefined))?.message;
  } catch {
    apiMessage = undefined;
  }
  const own = ((e as Error)?.message ?? String(e)).split('\n').find((l) => l.startsWith('Message: '))?.slice('Message: '.length);
  const msg = typeof apiMessage === 'string' && apiMessage ? apiMessage : own ?? ((e as Error)?.message ?? String(e)).split('\n')[0];
  const text = msg.replace(/^HTTP-Code: \d+\s*/, '').slice(0, 300);
  return status ? `HTTP ${status}: ${text}` : text;
}
