import { describe, expect, it } from 'vitest';
import { handleOrderWebhook, type WebhookRequest, type WebhookStoredState } from '../../examples/webhookHandler.js';

const delivery = (deliveryId: string, order: Record<string, unknown> = {}): WebhookRequest => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ deliveryId, event: 'order.paid', order: { id: 'SO-1', memberId: 'm-1', paidAt: '2026-11-25T20:15:00+08:00', amount: 12_990, ...order } }),
});

describe('the order webhook handler', () => {
  it('earns points once; a re-delivered webhook changes nothing and answers the same', () => {
    const empty: WebhookStoredState = { ledgers: {} };
    const first = handleOrderWebhook(delivery('d1'), empty);
    expect(first.response).toEqual({ status: 200, body: { ok: true, orderId: 'SO-1', points: 129, available: 129, replayed: false } });
    expect(first.newState).not.toBe(empty);
    const snapshot = JSON.stringify(first.newState);

    for (const again of [delivery('d1'), delivery('d2')]) {
      const second = handleOrderWebhook(again, first.newState);
      expect(second.newState).toBe(first.newState);
      expect(JSON.stringify(second.newState)).toBe(snapshot);
      expect(second.response).toEqual({ status: 200, body: { ...first.response.body, replayed: true } });
    }
    // The state survives a round trip through the store (plain JSON) and still recognises the order.
    const restored = JSON.parse(snapshot) as WebhookStoredState;
    const afterRestore = handleOrderWebhook(delivery('d3'), restored);
    expect(afterRestore.newState).toBe(restored);
    expect(afterRestore.response.body['replayed']).toBe(true);
  });

  it('a different order earns, and bad requests are refused without touching the state', () => {
    const state = handleOrderWebhook(delivery('d1'), { ledgers: {} }).newState;
    const next = handleOrderWebhook(delivery('d4', { id: 'SO-2', paidAt: '2026-11-26T09:00:00+08:00', amount: 5_000 }), state);
    expect(next.response.body).toMatchObject({ points: 50, available: 179, replayed: false });
    expect(state.ledgers['m-1']?.entries).toHaveLength(1);

    const bad = handleOrderWebhook({ method: 'POST', headers: {}, body: '{"deliveryId":"x","event":"order.paid","order":{"id":"SO-3","memberId":"m-1","paidAt":"2026-11-26T09:00:00","amount":1}}' }, state);
    expect(bad.response.status).toBe(400);
    expect(bad.response.body['error']).toContain('order.paidAt');
    expect(bad.newState).toBe(state);
    expect(handleOrderWebhook({ method: 'POST', headers: {}, body: 'not json' }, state).response.status).toBe(400);
    expect(handleOrderWebhook({ method: 'GET', headers: {}, body: '' }, state).response.status).toBe(405);
    const stale = handleOrderWebhook(delivery('d5', { id: 'SO-0', paidAt: '2026-11-01T09:00:00+08:00' }), next.newState);
    expect(stale.response.body).toMatchObject({ ok: false, reason: 'out_of_order' });
    expect(stale.newState).toBe(next.newState);
  });
});
