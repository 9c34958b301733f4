/**
 * What the surface a request came from means for the answer. Mentions and DMs are answered in the
 * conversation itself (the mention's thread, the DM), where everyone present sees the answer; a
 * slash command or a button can be answered privately (ephemeral).
 */
import { BOT_HANDLE, SLASH_COMMAND } from '../names.js';
import type { Invocation, Reply } from './types.js';

/** True when the answer is posted for everyone: mentions and DMs. */
export function answersPublicly(invocation: Invocation): boolean {
  return invocation.surface === 'mention' || invocation.surface === 'dm';
}

/**
 * The visibility of an answer meant for the invoker alone (a list, a refusal, a usage hint):
 * ephemeral where Slack can show one, public in a thread or DM, where there is no private reply.
 */
export function invokerVisibility(invocation: Invocation): Reply['visibility'] {
  return answersPublicly(invocation) ? 'public' : 'ephemeral';
}

/** How the user reaches the bot from this surface, for hints like "type `/catalog x`". */
export function commandPrefix(invocation: Invocation): string {
  return answersPublicly(invocation) ? BOT_HANDLE : SLASH_COMMAND;
}
