/**
 * The offline shell (modelled on Hubot's shell adapter): type `/catalog dynamodb`,
 * `@catalog-bot eks`, `share 2`, `next`, `prev`, `help`, `quit`, and see what the Slack app would
 * send. Every line goes through the same conversation handlers as Slack (router, search, share,
 * paging); only the delivery differs — replies are printed as text, or as Block Kit JSON.
 * With a non-terminal input it reads commands line by line and stops at end of input (scriptable).
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { KnownBlock, View } from '@slack/types';
import { ACTION_IDS } from '../slack/blocks/actions.js';
import { FILTER_EXAMPLES } from '../slack/blocks/help.js';
import { SEARCH_MODAL_IDS } from '../slack/blocks/search-modal.js';
import { pageReply, shareReply } from '../slack/conversation/actions.js';
import { handleRequest } from '../slack/conversation/handle-request.js';
import { modalForButton, modalForQuery } from '../slack/conversation/modal-search.js';
import { pasteReply } from '../slack/conversation/link-preview.js';
import { relatedReply } from '../slack/conversation/related.js';
import { createCommandRouter, type CommandRouter } from '../slack/conversation/router.js';
import type { HandlerDeps, Invocation, Reply } from '../slack/conversation/types.js';
import { mentionsAsText, normalizeUserText } from '../slack/conversation/user-text.js';
import { BOT_HANDLE, SLASH_COMMAND } from '../slack/names.js';
import { messageButtons, renderMessageText, type ButtonInfo } from './render-text.js';
import { splitFirstWord } from '../util/text.js';

/** The pretend conversation the shell plays in. */
export const SHELL_CHANNEL = 'C0SHELL';
export const SHELL_USER = 'U0SHELL';
export const SHELL_PROMPT = 'catalog-bot> ';

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
  /** Lines added under the banner when interactive (where subscriptions and logs are kept). Default none. */
  notes?: readonly string[];
  /** The App Home view of a user (`home`). Default none: `home` says it is not available. */
  home?: (userId: string) => Promise<View>;
}

/** The query syntax as plain lines: the same examples as the Slack help card. */
const QUERY_SYNTAX = FILTER_EXAMPLES.map(([example, meaning]) => `  ${example.padEnd(36)} ${meaning}`).join('\n');

/** What `help` and `?` print: the shell's own commands, then the query syntax. */
export const SHELL_HELP = `Type what you would type in Slack:
  ${SLASH_COMMAND} <words>      search (only you see the answer)     ${SLASH_COMMAND} help   Slack's help card
  ${BOT_HANDLE} <words>  ask in the channel (answer in a thread, for everyone)
  share N               share card N of the last results     next / prev     page through them
  related <text>        "Find related articles" on a message with that text (what the clicker sees)
  paste <url>           paste a link: the preview (unfurl) Slack would show for a catalog article
  home                  your App Home tab: newest articles, your subscriptions, how to use
  shortcut search <text>  the "Search the catalog" modal after typing <text> (next / prev / share N in it)
  try N                 run "did you mean" suggestion N       more            see all (after ${BOT_HANDLE})
  help, ?               this text
  quit                  leave (or Ctrl+D; Ctrl+C clears the line)
A line without / or @ is a ${SLASH_COMMAND} search. The buttons belong to the last answer you asked for.

Query syntax (docs/query-syntax.md):
${QUERY_SYNTAX}`;

/** Where a pasted link's preview shows: under the message that has the link; the bot posts nothing. */
const PASTE_SURFACE = 'the preview Slack would show under your message; the bot posts nothing';

type ShellAction = { actionId: string; value: string | undefined };

/** A view (App Home, a modal) shown as a reply: its blocks printed, with where it is shown. */
interface ShellReply extends Reply {
  surface?: string;
  view?: View;
}

function viewReply(view: View, surface: string): ShellReply {
  const title = view.type === 'modal' ? view.title.text : 'App Home';
  return { visibility: 'ephemeral', message: { text: title, blocks: view.blocks as KnownBlock[] }, surface, view };
}

/** The buttons `share 2`, `next`… refer to, and which answer they are on (for "no such button" hints). */
interface ButtonSet {
  actions: Map<string, ShellAction>;
  /** e.g. `/catalog multi-tenant` or `@catalog-bot eks`. */
  answerTo: string;
  /** The answer was posted for everyone (a mention): it has no Share or paging buttons by design. */
  public: boolean;
}

/** Buttons are told apart by what they do: action id and value. */
const buttonKey = (b: ButtonInfo): string => `${b.actionId}\u0000${b.value ?? ''}`;

/** Keyboard names for the buttons of a message: `share 1`, `next`, `prev`, `try 2`. */
export function shellButtonNames(buttons: readonly ButtonInfo[]): Map<string, string> {
  const names = new Map<string, string>();
  let shares = 0;
  let tries = 0;
  for (const b of buttons) {
    if (b.actionId === ACTION_IDS.share || b.actionId === SEARCH_MODAL_IDS.share) names.set(buttonKey(b), `share ${++shares}`);
    else if (b.actionId === ACTION_IDS.next || b.actionId === SEARCH_MODAL_IDS.next) names.set(buttonKey(b), 'next');
    else if (b.actionId === ACTION_IDS.previous || b.actionId === SEARCH_MODAL_IDS.previous) names.set(buttonKey(b), 'prev');
    else if (b.actionId.startsWith(ACTION_IDS.runSearchPrefix) || b.actionId.startsWith(SEARCH_MODAL_IDS.suggestionPrefix)) names.set(buttonKey(b), `try ${++tries}`);
    else if (b.actionId === ACTION_IDS.more) names.set(buttonKey(b), 'more');
  }
  return names;
}

function label(button: ButtonInfo, name: string | undefined): string {
  if (!name) return `[${button.text}]`;
  if (name.startsWith('share ')) return button.actionId === SEARCH_MODAL_IDS.share ? `[Share to channel… ${name.slice(6)}]` : `[Share ${name.slice(6)}]`;
  if (name.startsWith('try ')) return `[${button.text} → try ${name.slice(4)}]`;
  if (name === 'more') return `[${button.text} → more]`;
  return `[${button.text}]`;
}

/** A button verb as typed: `share 2`, `try 1`, `next`, `prev`, `more`; `share` alone has no number. */
interface ButtonVerb {
  name: string;
  /** `share` / `try` typed without a card number (or with something else). */
  missingNumber?: boolean;
}

const NUMBERED = new Set(['share', 'try']);
const PLAIN: Record<string, string> = { next: 'next', prev: 'prev', previous: 'prev', more: 'more' };

export function parseButtonVerb(line: string): ButtonVerb | undefined {
  const [first, rest] = splitFirstWord(line);
  const word = first.toLowerCase();
  if (NUMBERED.has(word)) {
    return /^\d{1,3}$/.test(rest) ? { name: `${word} ${Number(rest)}` } : { name: word, missingNumber: true };
  }
  const plain = PLAIN[word];
  return plain && rest === '' ? { name: plain } : undefined;
}

function missingButtonHint(verb: string, buttons: ButtonSet | undefined): string {
  if (!buttons) return `There are no results to "${verb}" yet; search first, e.g. ${SLASH_COMMAND} dynamodb.`;
  const available = [...buttons.actions.keys()];
  if (available.length === 0) return `No "${verb}" button on the last results: the answer to ${buttons.answerTo} has no buttons.`;
  const whose =
    buttons.public && buttons.actions.has('more')
      ? ` The answer to ${buttons.answerTo} was posted for everyone, so it has no Share or paging buttons; "more" shows the full list, only to you.`
      : ` They belong to the answer to ${buttons.answerTo}.`;
  return `No "${verb}" button on the last results; try one of: ${available.join(', ')}.${whose}`;
}

function numberHint(verb: string): string {
  return verb === 'share'
    ? 'Type "share N" with the number of a card of the last results, e.g. "share 1".'
    : 'Type "try N" with the number of a "did you mean" suggestion, e.g. "try 1".';
}

export async function runShell(options: ShellOptions): Promise<void> {
  const { input, output, deps } = options;
  const router = options.router ?? createCommandRouter();
  const interactive = options.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const write = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  let buttons: ButtonSet | undefined;
  /** Buttons of the replies shown for the request being handled. */
  let shown: ButtonInfo[] = [];
  let shownPublic = false;
  let threadCounter = 0;

  const show = async (reply: Reply): Promise<void> => {
    const where =
      (reply as ShellReply).surface ??
      (reply.visibility === 'public' ? `posted in #${SHELL_CHANNEL} for everyone` : reply.replaceOriginal ? 'replaces your results, only you see it' : 'only you see this');
    const found = messageButtons(reply.message);
    shown.push(...found);
    shownPublic ||= reply.visibility === 'public';
    const names = shellButtonNames(found);
    if (options.json && (reply as ShellReply).view) {
      write(JSON.stringify((reply as ShellReply).view, null, 2));
      return;
    }
    if (options.json) {
      // The payload as the response_url would receive it: paste-able into Block Kit Builder.
      write(JSON.stringify({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', replace_original: reply.replaceOriginal ?? false, ...reply.message }, null, 2));
      return;
    }
    write(`\n(${where})\n${renderMessageText(reply.message, { buttonLabel: (b) => label(b, names.get(buttonKey(b))) })}\n`);
  };

  /**
   * Answer one request and keep its buttons. An answer to something typed owns the buttons from then on, even when it has
   * none (so `share 1` after a mention never shares a card of an older answer); an answer to a
   * button takes them over only when it has its own (after `share 1`, `share 2` still works).
   */
  const answerRequest = async (kind: string, answerTo: string, work: () => Promise<Reply[]>, typed: boolean) => {
    shown = [];
    shownPublic = false;
    await handleRequest({ kind, logger: deps.logger, work, deliver: show, context: { channel: SHELL_CHANNEL } });
    if (!typed && shown.length === 0) return;
    const names = shellButtonNames(shown);
    const actions = new Map<string, ShellAction>();
    for (const b of shown) {
      const name = names.get(buttonKey(b));
      if (name) actions.set(name, { actionId: b.actionId, value: b.value });
    }
    buttons = { actions, answerTo, public: shownPublic };
  };
  const invocation = (surface: Invocation['surface'], text: string, threadTs?: string): Invocation => ({
    surface,
    text: normalizeUserText(mentionsAsText(text)),
    userId: SHELL_USER,
    channelId: SHELL_CHANNEL,
    threadTs,
  });
  const command = (text: string) => answerRequest('command', `${SLASH_COMMAND} ${text}`.trim(), () => router.handle(invocation('command', text), deps), true);

  const pressButton = async (verb: ButtonVerb): Promise<void> => {
    if (verb.missingNumber) {
      write(numberHint(verb.name));
      return;
    }
    const action = buttons?.actions.get(verb.name);
    if (!action) {
      write(missingButtonHint(verb.name, buttons));
      return;
    }
    const at = invocation('action', '');
    const answerTo = buttons?.answerTo ?? verb.name;
    if (action.actionId === ACTION_IDS.share || action.actionId === SEARCH_MODAL_IDS.share) {
      await answerRequest('action:share', answerTo, async () => [shareReply(at, action.value, deps)], false);
    } else if (action.actionId === SEARCH_MODAL_IDS.next || action.actionId === SEARCH_MODAL_IDS.previous || action.actionId.startsWith(SEARCH_MODAL_IDS.suggestionPrefix)) {
      await answerRequest('modal:page', `${verb.name} on ${answerTo}`, async () => [viewReply(modalForButton(action.value, deps) ?? modalForQuery('', deps), 'the search modal, updated')], false);
    } else if (action.actionId === ACTION_IDS.more) await answerRequest('action:more', `${verb.name} on ${answerTo}`, async () => [pageReply(at, action.value, deps, { replaceOriginal: false })], false);
    else await answerRequest('action:page', `${verb.name} on ${answerTo}`, async () => [pageReply(at, action.value, deps)], false);
  };

  /** Handle one line; false to stop. */
  const handleLine = async (raw: string): Promise<boolean> => {
    const line = raw.trim();
    if (line === '') return true;
    if (/^(quit|exit|\.exit|\/quit)$/i.test(line)) return false;
    // Only a bare `help` is help: `help me find articles about billing` is a search (the router's rule too).
    if (/^(\?|help|\.help|shell help)$/i.test(line)) {
      write(SHELL_HELP);
      return true;
    }
    const [first, rest] = splitFirstWord(line);
    if (first.toLowerCase() === SLASH_COMMAND) {
      await command(rest);
      return true;
    }
    if (first.startsWith('@') && first.length > 1) {
      const ts = `${Math.floor(deps.now().getTime() / 1000)}.${String(++threadCounter).padStart(6, '0')}`;
      await answerRequest('mention', `${BOT_HANDLE} ${rest}`.trim(), () => router.handle(invocation('mention', rest, ts), deps), true);
      return true;
    }
    if (first.toLowerCase() === 'related' && rest !== '') {
      await answerRequest('related', `Find related articles on "${rest}"`, async () => [relatedReply(invocation('command', ''), rest, deps)], true);
      return true;
    }
    if (/^home$/i.test(line)) {
      const home = options.home;
      if (!home) write('App Home is not available in this shell (it needs the subscription store).');
      else await answerRequest('home', 'home', async () => [viewReply(await home(SHELL_USER), `your App Home tab, only you see it`)], true);
      return true;
    }
    const [shortcutName, text] = splitFirstWord(rest);
    if (first.toLowerCase() === 'shortcut' && shortcutName.toLowerCase() === 'search') {
      await answerRequest('modal:typing', `shortcut search ${text}`.trim(), async () => [viewReply(modalForQuery(text, deps), `the "Search the catalog" modal after typing "${text}", only you see it`)], true);
      return true;
    }
    if (first.toLowerCase() === 'shortcut') {
      write('Type "shortcut search <text>" to see the search modal after typing <text>.');
      return true;
    }
    if (first.toLowerCase() === 'paste' && rest !== '') {
      await answerRequest('paste', `paste ${rest}`, async (): Promise<ShellReply[]> => [{ ...pasteReply(rest, deps), surface: PASTE_SURFACE }], true);
      return true;
    }
    const verb = parseButtonVerb(line);
    if (verb) {
      await pressButton(verb);
      return true;
    }
    // Anything else is what the user would have typed after /catalog.
    await command(line);
    return true;
  };

  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  if (interactive) {
    handleCtrlC(rl, output);
    write(`catalog-bot shell — channel #${SHELL_CHANNEL}, you are @${SHELL_USER}. Type "?" for help, "quit" or Ctrl+D to leave.`);
    for (const note of options.notes ?? []) write(note);
    rl.setPrompt(SHELL_PROMPT);
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

/**
 * Ctrl+C as in a terminal shell: it throws away a half-typed line. On an empty line it says how to
 * leave, and a second Ctrl+C in a row leaves (as Node's REPL does). Ctrl+D on an empty line ends the
 * input, which readline already turns into `close`.
 */
function handleCtrlC(rl: Interface, output: Writable): void {
  let armed = false;
  rl.on('line', () => {
    armed = false;
  });
  rl.on('SIGINT', () => {
    if (rl.line !== '') {
      armed = false;
      // Keypresses as readline knows them: end of line, then delete everything before the cursor.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    if (armed) {
      rl.close();
      return;
    }
    armed = true;
    output.write('\n(To leave, press Ctrl+C again or Ctrl+D, or type quit.)\n');
    rl.prompt();
  });
}
