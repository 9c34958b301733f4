/**
 * Who holds a lock or lease in the store (the digest's, the crawl's, an event claim), and whether
 * that holder is a process on this machine that has died (killed, crashed), so its lock can be
 * taken over at once instead of waiting for it to expire.
 * Owners are written `host:pid:nonce`; holders on other hosts are left to the lock's expiry.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function defaultLockOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** True when `owner` names a process on this host, other than us, that no longer exists. */
export function isDeadLocalOwner(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
