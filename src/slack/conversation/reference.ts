import { randomBytes } from 'node:crypto';

// Crockford-style alphabet without look-alikes (0/O, 1/I/L), so a user can read it out.
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A short id tying the apology a user sees to the error line in the logs, e.g. `E7KX2QM`. */
export function newReference(): string {
  const bytes = randomBytes(6);
  return 'E' + Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}
