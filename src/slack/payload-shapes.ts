/**
 * One shape per payload type the bot listens to, checked at the edge (the HTTP gate, and a Bolt
 * middleware for Socket Mode) before any listener runs: what a listener reads without looking is
 * required here, so a malformed but correctly signed payload (`user: null`, `event: null`, a view
 * without its state, a command without its user) is refused with a clear reason instead of
 * throwing inside a listener. Fields a listener copes without (a mention's text, a message
 * shortcut's message) stay optional and are handled there.
 *
 * The checks are a few lines of plain code rather than a schema library: the shapes are small,
 * flat and few, and every check is linear in the payload's size.
 */

type Shape = (value: unknown, path: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Shape = (v, path) => (typeof v === 'string' && v !== '' ? undefined : `${path} must be a non-empty string`);
const optional =
  (shape: Shape): Shape =>
  (v, path) =>
    v === undefined ? undefined : shape(v, path);
const optStr: Shape = optional((v, path) => (typeof v === 'string' ? undefined : `${path} must be a string`));

function object(fields: Record<string, Shape>): Shape {
  return (v, path) => {
    if (!isObject(v)) return `${path} must be an object`;
    for (const [key, shape] of Object.entries(fields)) {
      const problem = shape(v[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function arrayOf(item: Shape, options: { min: number; max: number }): Shape {
  return (v, path) => {
    if (!Array.isArray(v)) return `${path} must be an array`;
    if (v.length < options.min || v.length > options.max) return `${path} must hold ${options.min} to ${options.max} items`;
    for (let i = 0; i < v.length; i += 1) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

const user = object({ id: str });

/** Slash commands: who, where, and where the answer goes. */
const command = object({ command: str, user_id: str, channel_id: str, response_url: str, text: optStr });

const blockActions = object({
  user,
  trigger_id: optStr,
  actions: arrayOf(object({ action_id: str }), { min: 1, max: 25 }),
  container: optional(object({ type: optStr })),
  channel: optional(object({ id: optStr })),
  view: optional(object({ id: optStr, type: optStr })),
  response_url: optStr,
});

const viewSubmission = object({ user, trigger_id: optStr, view: object({ id: str, callback_id: str, private_metadata: optStr, state: object({ values: object({}) }) }) });

const globalShortcut = object({ user, callback_id: str, trigger_id: str });
/** The clicked message and its channel may be missing; the clicker still hears back (find-related.ts). */
const messageShortcut = object({ user, callback_id: str, trigger_id: str, response_url: optStr, channel: optional(object({ id: optStr })), message: optional(object({ text: optStr, ts: optStr, thread_ts: optStr })) });

/** Per event type: what its listener reads. Other event types only need a type. */
const EVENT_SHAPES: Record<string, Shape> = {
  app_mention: object({ channel: str, ts: str, user: optStr, text: optStr, thread_ts: optStr }),
  message: object({ channel: optStr, ts: optStr, user: optStr, text: optStr }),
  // Who opened Home decides whose subscriptions are listed: an event without a user is refused.
  app_home_opened: object({ user: str, tab: optStr }),
  link_shared: object({ channel: optStr, links: arrayOf((v) => (v === null || isObject(v) ? undefined : 'a link must be an object'), { min: 0, max: 100 }) }),
};

const eventCallback: Shape = (v, path) => {
  const envelope = object({ event_id: str, event: object({ type: str }) })(v, path);
  if (envelope) return envelope;
  const event = (v as { event: { type: string } }).event;
  return EVENT_SHAPES[event.type]?.(event, `${path}.event`);
};

const SHAPES: Record<string, Shape> = {
  block_actions: blockActions,
  view_submission: viewSubmission,
  shortcut: globalShortcut,
  message_action: messageShortcut,
  event_callback: eventCallback,
};

/** Why this payload is not one our listeners can read, or undefined when it is (or no listener reads its type). */
export function payloadShapeProblem(payload: Record<string, unknown>): string | undefined {
  if (payload.command !== undefined) return command(payload, 'command');
  const type = payload.type;
  const shape = typeof type === 'string' ? SHAPES[type] : undefined;
  return shape?.(payload, typeof type === 'string' ? type : 'payload');
}
