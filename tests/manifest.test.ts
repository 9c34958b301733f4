/**
 * manifest.yml against Slack's published schema (vendored v1, draft-07) and against the code:
 * the commands and events the code handles and the Web API methods it calls are read from src/,
 * mapped to the scopes they need, and compared with what the manifest declares — both ways.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import * as names from '../src/slack/names.js';
import { RELATED_CALLBACK_ID } from '../src/slack/listeners/shortcuts/find-related.js';
import { SEARCH_CALLBACK_ID } from '../src/slack/listeners/shortcuts/search-catalog.js';

interface Manifest {
  features?: {
    unfurl_domains?: string[];
    shortcuts?: Array<{ name: string; type: string; callback_id: string }>; slash_commands?: Array<{ command: string; should_escape?: boolean; usage_hint?: string }>; bot_user?: { display_name?: string }; app_home?: { messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean } };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled: boolean }; socket_mode_enabled?: boolean };
}

/** Bot scope each Web API method needs (docs.slack.dev/reference/methods/*, slack-facts.md §8). */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'conversations.join': ['channels:join'],
  'conversations.open': ['im:write'],
  'conversations.info': ['channels:read'],
  // Public and private channels: the Share modal's picker offers both.
  'conversations.members': ['channels:read', 'groups:read'],
  // One scope per kind of conversation a digest can be posted in (public, private, DM, group DM).
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'users.info': ['users:read'],
  'reactions.add': ['reactions:write'],
  'chat.unfurl': ['links:write'],
  'auth.test': [],
  'views.publish': [],
  'views.open': [],
  'views.update': [],
  'views.push': [],
};
/** Bot scope each event subscription needs. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.mpim': ['mpim:history'],
  app_home_opened: [],
  link_shared: ['links:read'],
};
const COMMAND_SCOPE = 'commands';

export interface CodeUsage {
  commands: Set<string>;
  /** Event types passed to app.event / app.message (`message`, `app_mention`). */
  events: Set<string>;
  methods: Set<string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** The value of a constant exported by src/slack/names.ts, or a failure naming the file that used an unknown one. */
function constantValue(name: string, file: string): string {
  const value = (names as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw new Error(`${file}: app.command(${name}) uses a constant that src/slack/names.ts does not export`);
  return value;
}

/** Code without comments, so a method named in a comment does not count as a call. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function scanCode(files: string[]): CodeUsage {
  const usage: CodeUsage = { commands: new Set(), events: new Set(), methods: new Set() };
  for (const file of files) {
    const code = stripComments(readFileSync(file, 'utf8'));
    // A command is registered by a literal or by one of the constants in src/slack/names.ts.
    for (const m of code.matchAll(/\bapp\.command\(\s*(?:['"]([^'"]+)['"]|([A-Z_]+)\b)/g)) usage.commands.add(m[1] ?? constantValue(m[2]!, file));
    for (const m of code.matchAll(/\bapp\.event\(\s*['"]([^'"]+)['"]/g)) usage.events.add(m[1]!);
    if (/\bapp\.message\(/.test(code)) usage.events.add('message');
    for (const m of code.matchAll(/\.(chat|conversations|users|reactions|views|auth|pins|files|usergroups|team)\.([a-zA-Z]+)\s*\(/g)) usage.methods.add(`${m[1]}.${m[2]}`);
    for (const m of code.matchAll(/\bapiCall\(\s*['"]([a-z]+\.[a-zA-Z.]+)['"]/g)) usage.methods.add(m[1]!);
    if (/\bsay\(/.test(code)) usage.methods.add('chat.postMessage');
  }
  return usage;
}

/** Every disagreement between the manifest and the code, as sentences; empty when they agree. */
export function manifestProblems(manifest: Manifest, usage: CodeUsage): string[] {
  const problems: string[] = [];
  const declaredScopes = new Set(manifest.oauth_config?.scopes?.bot ?? []);
  const declaredCommands = new Set((manifest.features?.slash_commands ?? []).map((c) => c.command));
  const declaredEvents = new Set(manifest.settings?.event_subscriptions?.bot_events ?? []);
  const needed = new Map<string, string[]>(); // scope → why

  const need = (scope: string, why: string) => needed.set(scope, [...(needed.get(scope) ?? []), why]);
  for (const command of usage.commands) {
    if (!declaredCommands.has(command)) problems.push(`the code handles ${command} but the manifest declares no such slash command`);
    need(COMMAND_SCOPE, `slash command ${command}`);
  }
  for (const command of declaredCommands) {
    if (!usage.commands.has(command)) problems.push(`the manifest declares ${command} but no app.command('${command}') handles it`);
  }
  for (const event of usage.events) {
    const subscribed = [...declaredEvents].filter((e) => e === event || e.startsWith(`${event}.`));
    if (subscribed.length === 0) problems.push(`the code handles "${event}" events but the manifest subscribes to none (bot_events)`);
  }
  for (const event of declaredEvents) {
    const base = event.split('.')[0]!;
    if (!usage.events.has(base)) problems.push(`the manifest subscribes to ${event} but no app.event('${base}') handles it`);
    const scopes = EVENT_SCOPES[event];
    if (!scopes) problems.push(`no scope known for event ${event}; add it to EVENT_SCOPES in tests/manifest.test.ts`);
    for (const scope of scopes ?? []) need(scope, `event ${event}`);
  }
  for (const method of usage.methods) {
    const scopes = METHOD_SCOPES[method];
    if (!scopes) problems.push(`the code calls ${method}, whose scope is not in METHOD_SCOPES in tests/manifest.test.ts; look it up and add it`);
    for (const scope of scopes ?? []) need(scope, `Web API ${method}`);
  }
  for (const [scope, why] of needed) {
    if (!declaredScopes.has(scope)) problems.push(`scope ${scope} is needed (${why.join(', ')}) but not declared in oauth_config.scopes.bot`);
  }
  for (const scope of declaredScopes) {
    if (!needed.has(scope)) problems.push(`scope ${scope} is declared but nothing in the code needs it; remove it (smallest set of scopes)`);
  }
  return problems;
}

const manifest = parseYaml(readFileSync('manifest.yml', 'utf8')) as Manifest;
const usage = scanCode(sourceFiles('src'));
const schema = JSON.parse(readFileSync('tests/vendor/manifest-schema/app-manifest.schema.v1.json', 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
// The schema uses `format: uri` (for `$schema`); a scheme check is all it needs here.
ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value));
const validate = ajv.compile(schema);

describe('manifest.yml', () => {
  it("is valid against Slack's app-manifest schema v1", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check rejects a manifest Slack would reject', () => {
    expect(validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'catalog', description: 'no slash' }] } })).toBe(false);
    expect(validate({ ...manifest, display_information: undefined })).toBe(false);
  });

  it('reads what the code does from src/ (so the comparison below is not vacuous)', () => {
    expect(usage.commands).toContain(names.SLASH_COMMAND);
    expect(usage.events).toContain('app_mention');
    expect(usage.events).toContain('message');
    expect(usage.methods).toContain('chat.postMessage');
    expect(usage.methods).toContain('chat.postEphemeral');
  });

  it('declares exactly the commands, events and scopes the code needs', () => {
    expect(manifestProblems(manifest, usage)).toEqual([]);
  });

  it('declares the slash command and the bot handle the code uses (src/slack/names.ts)', () => {
    expect((manifest.features?.slash_commands ?? []).map((c) => c.command)).toEqual([names.SLASH_COMMAND]);
    expect(`@${manifest.features?.bot_user?.display_name}`).toBe(names.BOT_HANDLE);
  });

  it('sets up the /catalog command, DMs, interactivity and Socket Mode', () => {
    const command = manifest.features?.slash_commands?.find((c) => c.command === names.SLASH_COMMAND);
    expect(command?.should_escape).toBe(false);
    expect(command?.usage_hint).toBeTruthy();
    expect(manifest.features?.bot_user).toBeDefined();
    expect(manifest.features?.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
  });

  it('flags a scope the code needs but the manifest lacks, and one declared but unused', () => {
    const scopes = manifest.oauth_config?.scopes?.bot ?? [];
    const without = { ...manifest, oauth_config: { scopes: { bot: scopes.filter((s) => s !== 'chat:write') } } };
    expect(manifestProblems(without, usage).join('\n')).toMatch(/scope chat:write is needed \(.*Web API chat\.postMessage/);
    const extra = { ...manifest, oauth_config: { scopes: { bot: [...scopes, 'users:read'] } } };
    expect(manifestProblems(extra, usage)).toEqual(['scope users:read is declared but nothing in the code needs it; remove it (smallest set of scopes)']);
  });

  it('flags a handled event that is not subscribed, and a method missing from the scope table', () => {
    const noMention = { ...manifest, settings: { ...manifest.settings, event_subscriptions: { bot_events: ['message.im'] } } };
    expect(manifestProblems(noMention, usage).join('\n')).toContain('the code handles "app_mention" events but the manifest subscribes to none');
    const unknown = { ...usage, methods: new Set([...usage.methods, 'admin.users.remove']) };
    expect(manifestProblems(manifest, unknown).join('\n')).toContain('admin.users.remove');
  });

  it('declares unfurl_domains covering every article host of the bundled catalog (data/)', async () => {
    const catalog = await loadCatalog('data');
    const domains = manifest.features?.unfurl_domains ?? [];
    // Slack sends link_shared for a declared domain and its subdomains.
    const covered = (host: string) => domains.some((d) => host === d || host.endsWith(`.${d}`));
    const hosts = new Set(catalog.articles.map((a) => new URL(a.url).hostname.toLowerCase().replace(/^www\./, '')));
    expect(hosts.size).toBeGreaterThan(0);
    expect([...hosts].filter((h) => !covered(h))).toEqual([]);
    // Slack accepts at most 5 unfurl domains per app.
    expect(domains.length).toBeLessThanOrEqual(5);
  });

  it('declares the "Find related articles" message shortcut with the callback id the code listens to', () => {
    const related = (manifest.features?.shortcuts ?? []).find((s) => s.callback_id === RELATED_CALLBACK_ID);
    expect(related).toMatchObject({ type: 'message', name: 'Find related articles' });
  });

  it('declares the "Search the catalog" global shortcut with the callback id the code listens to', () => {
    const search = (manifest.features?.shortcuts ?? []).find((s) => s.callback_id === SEARCH_CALLBACK_ID);
    expect(search).toMatchObject({ type: 'global', name: 'Search the catalog' });
  });
});
