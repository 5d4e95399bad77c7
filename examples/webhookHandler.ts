/**
 * A serverless-style handler: an e-commerce platform posts an order webhook, the handler earns
 * points for it. It is a pure function `(request, storedState) → { response, newState }`: the
 * platform's glue (a Lambda, a Cloudflare Worker, a Vercel function) reads the state from its
 * store, calls the handler and writes `newState` back — nothing else.
 *
 * Webhooks are delivered at least once. A re-delivered webhook (same order, even with a new
 * delivery id) earns nothing the second time: the idempotency key is the order id, and the ledger
 * returns the first outcome with `replayed: true` and the very same state object.
 *
 *   npx tsx examples/webhookHandler.ts
 */
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { InstantSchema, isSiyuError, parseWith, type ActivityEvent } from 'siyu/core';
import { balanceAt, createPointsState, earnPoints, parsePointsProgram, type PointsState } from 'siyu/points';

/** The brand's points program: 1 point per ¥1 paid, points valid 365 days. */
export const webhookPointsProgram = parsePointsProgram({
  timeZone: 'Asia/Shanghai',
  rules: [{ id: 'spend', eventType: 'purchase', award: { kind: 'perSpend', amount: 1, per: 100 } }],
  expiry: { kind: 'rolling', duration: { amount: 365, unit: 'day' } },
});

/** The HTTP request as the runtime hands it over (only what the handler reads). */
export interface WebhookRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The response the runtime sends back. */
export interface WebhookResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** What the handler keeps in the store: one points ledger per member (plain JSON). */
export interface WebhookStoredState {
  readonly ledgers: Readonly<Record<string, PointsState>>;
}

/** The platform's order-paid payload, validated at the boundary. */
const OrderPaidSchema = z.strictObject({
  deliveryId: z.string().min(1),
  event: z.literal('order.paid'),
  order: z.strictObject({
    id: z.string().min(1),
    memberId: z.string().min(1),
    paidAt: InstantSchema,
    amount: z.number().int().positive(),
  }),
});

const reply = (status: number, body: Record<string, unknown>): WebhookResponse => ({ status, body });

/** Earns points for an `order.paid` webhook. Pure: the same request and state always give the same result. */
export function handleOrderWebhook(request: WebhookRequest, stored: WebhookStoredState): { response: WebhookResponse; newState: WebhookStoredState } {
  if (request.method !== 'POST') return { response: reply(405, { error: 'POST only' }), newState: stored };
  let payload: z.infer<typeof OrderPaidSchema>;
  try {
    payload = parseWith(OrderPaidSchema, JSON.parse(request.body) as unknown);
  } catch (error) {
    const message = isSiyuError(error) || error instanceof SyntaxError ? error.message : String(error);
    return { response: reply(400, { error: message }), newState: stored };
  }
  const { order } = payload;
  // The order id is the idempotency key: a re-delivery (new deliveryId, same order) earns once.
  const event: ActivityEvent = { id: `order:${order.id}`, userId: order.memberId, type: 'purchase', at: order.paidAt, amount: order.amount };
  const ledger = stored.ledgers[order.memberId] ?? createPointsState(order.memberId, webhookPointsProgram.timeZone);
  const result = earnPoints(ledger, webhookPointsProgram, { event });
  if (!result.ok) {
    // A business refusal (an order older than the ledger's last entry, …): acknowledge, do not retry.
    return { response: reply(200, { ok: false, reason: result.reason, message: result.message }), newState: stored };
  }
  const awarded = result.outcome.kind === 'earn' ? result.outcome.awarded : 0;
  const balance = balanceAt(result.state, order.paidAt);
  const response = reply(200, { ok: true, orderId: order.id, points: awarded, available: balance.available, replayed: result.replayed });
  // A replay returns the very same ledger object: keep the stored state as it is (no write needed).
  if (result.replayed) return { response, newState: stored };
  return { response, newState: { ledgers: { ...stored.ledgers, [order.memberId]: result.state } } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const delivery = (deliveryId: string): WebhookRequest => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deliveryId, event: 'order.paid', order: { id: 'SO-1001', memberId: 'm-42', paidAt: '2026-11-25T20:15:00+08:00', amount: 12_990 } }),
  });
  let state: WebhookStoredState = { ledgers: {} };
  for (const deliveryId of ['dlv-1', 'dlv-1', 'dlv-2']) {
    const { response, newState } = handleOrderWebhook(delivery(deliveryId), state);
    console.log(`${deliveryId}: ${response.status} ${JSON.stringify(response.body)} · state ${newState === state ? 'unchanged' : 'updated'}`);
    state = newState;
  }
  const bad = handleOrderWebhook({ method: 'POST', headers: {}, body: '{"deliveryId":"dlv-3","event":"order.paid","order":{"id":"SO-1002"}}' }, state);
  console.log(`malformed: ${bad.response.status} ${JSON.stringify(bad.response.body)}`);
}
