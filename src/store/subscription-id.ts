/**
 * Short subscription ids people can read aloud and type: `s7k2p`. Lower-case letters and digits
 * without the look-alikes (0/o, 1/l/i), drawn from a CSPRNG.
 */
import { randomInt } from 'node:crypto';

export const SUBSCRIPTION_ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newSubscriptionId(length = 5): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += SUBSCRIPTION_ID_ALPHABET[randomInt(SUBSCRIPTION_ID_ALPHABET.length)];
  return id;
}

/** Does this look like an id we hand out (so `unsubscribe <x>` can tell an id from a typo)? */
export function isSubscriptionIdShape(text: string): boolean {
  return /^[a-z0-9]{5,7}$/.test(text.trim().toLowerCase());
}
