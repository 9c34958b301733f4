/**
 * The offline shell (modelled on Hubot's shell adapter): type `/catalog dynamodb`,
 * `@catalog-bot eks`, `share 2`, `next`, `prev`, `help`, `quit`, and see what the Slack app would
 * send. Every line goes through the same conversation handlers as Slack (router, search, share,
 * paging); only the delivery differs — replies are printed as text, or as Block Kit JSON.
 * With a non-terminal input it reads commands line by line and stops at end of input (scriptable).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ACTION_IDS } from '../slack/blocks/actions.js';
import { pageReply, shareReply } from '../slack/conversation/actions.js';
import { handleRequest } from '../slack/conversation/handle-request.js';
import { createCommandRouter, type CommandRouter } from '../slack/conversation/router.js';
import type { HandlerDeps, Invocation, Reply } from '../slack/conversation/types.js';
import { mentionsAsText, normalizeUserText } from '../slack/conversation/user-text.js';
import { messageButtons, renderMessageText, type ButtonInfo } from './render-text.js';
import { splitFirstWord } from '../util/text.js';

/** The pretend conversation the shell plays in. */
export const SHELL_CHANNEL = 'C0SHELL';
export const SHELL_USER = 'U0SHELL';

export interface ShellOptions {
  input: Readable;
  output: Writable;
  deps: HandlerDeps;
  /** Verbs; default the built-ins only (`createCommandRouter()`). */
  router?: CommandRouter;
  /** Print each reply's Block Kit JSON instead of text. Default false. */
  json?: boolean;
  /** Show a prompt and the banner (interactive use). Default: whether `input` is a TTY. */
  interactive?: boolean;
}

export const SHELL_HELP = `Type what you would type in Slack:
  /catalog <words>      search (only you see the answer)     /catalog help   the help card
  @catalog-bot <words>  ask in the channel (answer in a thread, for everyone)
  share N               share card N of the last results     next / prev     page through them
  try N                 run "did you mean" suggestion N       more            see all (after @catalog-bot)
  quit                  leave
A line without / or @ is a /catalog search.`;

type ShellAction = { actionId: string; value: string | undefined };

/** Buttons are told apart by what they do: action id and value. */
const buttonKey = (b: ButtonInfo): string => `${b.actionId}\u0000${b.value ?? ''}`;

/** Keyboard names for the buttons of a message: `share 1`, `next`, `prev`, `try 2`. */
export function shellButtonNames(buttons: readonly ButtonInfo[]): Map<string, string> {
  const names = new Map<string, string>();
  let shares = 0;
  let tries = 0;
  for (const b of buttons) {
    if (b.actionId === ACTION_IDS.share) names.set(buttonKey(b), `share ${++shares}`);
    else if (b.actionId === ACTION_IDS.next) names.set(buttonKey(b), 'next');
    else if (b.actionId === ACTION_IDS.previous) names.set(buttonKey(b), 'prev');
    else if (b.actionId.startsWith(ACTION_IDS.runSearchPrefix)) names.set(buttonKey(b), `try ${++tries}`);
    else if (b.actionId === ACTION_IDS.more) names.set(buttonKey(b), 'more');
  }
  return names;
}

function label(button: ButtonInfo, name: string | undefined): string {
  if (!name) return `[${button.text}]`;
  if (name.startsWith('share ')) return `[Share ${name.slice(6)}]`;
  if (name.startsWith('try ')) return `[${button.text} → try ${name.slice(4)}]`;
  if (name === 'more') return `[${button.text} → more]`;
  return `[${button.text}]`;
}

export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, deps } = options;
  const router = options.router ?? createCommandRouter();
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  /** Buttons of the last message that had any: what `share 2` / `next` refer to. */
  let buttons = new Map<string, ShellAction>();
  let threadCounter = 0;

  const show = async (reply: Reply): Promise<void> => {
    const where =
      reply.visibility === 'public' ? `posted in #${SHELL_CHANNEL} for everyone` : reply.replaceOriginal ? 'replaces your results, only you see it' : 'only you see this';
    const found = messageButtons(reply.message);
    const names = shellButtonNames(found);
    if (found.length > 0) {
      buttons = new Map(found.flatMap((b) => {
        const name = names.get(buttonKey(b));
        return name ? [[name, { actionId: b.actionId, value: b.value }] as const] : [];
      }));
    }
    if (options.json) {
      // The payload as the response_url would receive it: paste-able into Block Kit Builder.
      write(JSON.stringify({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', replace_original: reply.replaceOriginal ?? false, ...reply.message }, null, 2));
      return;
    }
    write(`\n(${where})\n${renderMessageText(reply.message, { buttonLabel: (b) => label(b, names.get(buttonKey(b))) })}\n`);
  };

  const run = (kind: string, work: () => Promise<Reply[]>) => handleRequest({ kind, logger: deps.logger, work, deliver: show, context: { channel: SHELL_CHANNEL } });
  const invocation = (surface: Invocation['surface'], text: string, threadTs?: string): Invocation => ({
    surface,
    text: normalizeUserText(mentionsAsText(text)),
    userId: SHELL_USER,
    channelId: SHELL_CHANNEL,
    threadTs,
  });

  /** Handle one line; false to stop. */
  const handleLine = async (raw: string): Promise<boolean> => {
    const line = raw.trim();
    if (line === '') return true;
    if (/^(quit|exit|\.exit|\/quit)$/i.test(line)) return false;
    if (/^(\?|\.help|shell help)$/i.test(line)) {
      write(SHELL_HELP);
      return true;
    }
    const [first, rest] = splitFirstWord(line);
    if (first.toLowerCase() === '/catalog') {
      await run('command', () => router.handle(invocation('command', rest), deps));
      return true;
    }
    if (first.startsWith('@') && first.length > 1) {
      const ts = `${Math.floor(deps.now().getTime() / 1000)}.${String(++threadCounter).padStart(6, '0')}`;
      await run('mention', () => router.handle(invocation('mention', rest, ts), deps));
      return true;
    }
    const button = /^(share|try)\s+(\d+)$|^(next|prev|previous|more)$/i.exec(line);
    if (button) {
      const word = button[3]?.toLowerCase();
      const name = word ? (word === 'previous' ? 'prev' : word) : `${button[1]?.toLowerCase()} ${Number(button[2])}`;
      const action = buttons.get(name);
      if (!action) {
        const available = [...buttons.keys()].join(', ');
        write(available ? `No "${name}" button on the last results; try one of: ${available}.` : `There are no results to "${name}" yet; search first, e.g. /catalog dynamodb.`);
        return true;
      }
      const at = invocation('action', '');
      if (action.actionId === ACTION_IDS.share) await run('action:share', async () => [shareReply(at, action.value, deps)]);
      else if (action.actionId === ACTION_IDS.more) await run('action:more', async () => [pageReply(at, action.value, deps, { replaceOriginal: false })]);
      else await run('action:page', async () => [pageReply(at, action.value, deps)]);
      return true;
    }
    if (/^help$/i.test(line)) {
      await run('command', () => router.handle(invocation('command', 'help'), deps));
      return true;
    }
    // Anything else is what the user would have typed after /catalog.
    await run('command', () => router.handle(invocation('command', line), deps));
    return true;
  };

  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  // Ctrl+C at the prompt leaves the shell (readline would otherwise just pause the input).
  rl.on('SIGINT', () => rl.close());
  if (interactive) {
    write(`catalog-bot shell — channel #${SHELL_CHANNEL}, you are @${SHELL_USER}. Type "?" for help, "quit" to leave.`);
    rl.setPrompt('catalog-bot> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      if (!(await handleLine(line))) break;
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
}
