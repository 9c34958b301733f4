/**
 * Let the event loop take other requests before doing this one's work. Called right after
 * `ack()`: under load, requests waiting to be acknowledged (Slack's 3-second rule) go first, and
 * the answers, which have 30 minutes on the response_url, follow.
 */
export function afterPendingRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
