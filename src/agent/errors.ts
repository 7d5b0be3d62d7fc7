// Errors from the API client (kubeapi.ts), described in one line for logs
// and status. Kept apart from the client so that code that only reports
// errors does not load it.

/** HTTP status of an API error (ApiError's `code`), if any. */
export function statusOf(e: unknown): number | undefined {
  const err = e as { code?: unknown; statusCode?: unknown };
  if (typeof err?.code === 'number') return err.code;
  if (typeof err?.statusCode === 'number') return err.statusCode;
  return undefined;
}

/**
 * One line about an error: the HTTP status and the API server's own message
 * (a Status' `message`, e.g. why RBAC said no; the client keeps nothing else
 * of a response body, which could echo an object), or a connection error's
 * first line.
 */
export function describeError(e: unknown): string {
  const status = statusOf(e);
  const text = ((e as Error)?.message ?? String(e)).split('\n')[0].slice(0, 300);
  return status ? `HTTP ${status}: ${text}` : text;
}
