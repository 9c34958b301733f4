/**
 * Search-modal updates in order: typing sends several block_actions in a row, and an older query's
 * results must never be what stays on screen. Against the fake Slack, which refuses a stale `hash`
 * with hash_conflict as Slack does.
 */
import { WebClient } from '@slack/web-api';
import type { View } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModalUpdates } from '../../../src/slack/listeners/modal-updates.js';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.js';

let slack: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlack({ token: 'xoxb-test' });
  client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack.close();
});

const view = (label: string): View => ({ type: 'modal', title: { type: 'plain_text', text: 'Search the catalog' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: label } }] });
const shown = (id: string) => JSON.stringify(slack.modal(id)?.blocks);

async function openModal(): Promise<{ id: string; hash: string }> {
  const opened = await client.views.open({ trigger_id: 't', view: view('empty') });
  return { id: opened.view!.id!, hash: opened.view!.hash! };
}

describe('ModalUpdates', () => {
  it('runs only the newest of several requests that arrive together: the older ones are dropped, never searched', async () => {
    const modal = await openModal();
    const updates = new ModalUpdates();
    const built: string[] = [];
    const build = (label: string) => () => {
      built.push(label);
      return view(label);
    };
    const outcomes = await Promise.all(['kaf', 'kafk', 'kafka'].map((q) => updates.update(client, modal.id, modal.hash, build(q))));
    expect(outcomes).toEqual(['superseded', 'superseded', 'updated']);
    expect(built).toEqual(['kafka']);
    expect(shown(modal.id)).toContain('kafka');
    expect(updates.pending).toBe(0);
  });

  it('lets a request that arrives while an update is in flight wait for it, then update with the hash it returned', async () => {
    const modal = await openModal();
    const updates = new ModalUpdates();
    const before = slack.callsTo('views.update').length;
    const first = updates.update(client, modal.id, modal.hash, () => view('kaf'));
    // The first update has reached Slack; the next keystroke's payload still carries the old hash.
    await slack.waitFor((c) => c.method === 'views.update' && slack.callsTo('views.update').indexOf(c) >= before);
    const second = updates.update(client, modal.id, modal.hash, () => view('kafka'));
    expect(await Promise.all([first, second])).toEqual(['updated', 'updated']);
    expect(shown(modal.id)).toContain('kafka');
  });

  it('reports a conflict, and changes nothing, when the modal changed since the hash it was given', async () => {
    const modal = await openModal();
    await client.views.update({ view_id: modal.id, view: view('changed elsewhere') });
    const outcome = await new ModalUpdates().update(client, modal.id, modal.hash, () => view('late'));
    expect(outcome).toBe('conflict');
    expect(shown(modal.id)).toContain('changed elsewhere');
  });

  it('passes other Slack errors on, and forgets the modal afterwards', async () => {
    const updates = new ModalUpdates();
    await expect(updates.update(client, 'V0GONE', undefined, () => view('x'))).rejects.toMatchObject({ data: { error: 'not_found' } });
    expect(updates.pending).toBe(0);
  });
});
