/**
 * Points + cash (积分+现金): how many points an order may use and what cash is left to pay.
 *
 * @module
 */
import { SiyuError, multiplyRatio, reject, type Rejection } from '../core/index.js';
import type { PointsCashSettings } from './schema.js';

/** An order to pay partly with points: goods and shipping in minor units. */
export interface PointsCashOrder {
  /** Price of the goods (minor units); points may pay part of it. */
  readonly goods: number;
  /** Shipping (minor units); never discounted. */
  readonly shipping: number;
}

/** A points + cash quote. */
export interface PointsCashQuote {
  /** Discriminator. */
  readonly ok: true;
  /** Points used. */
  readonly points: number;
  /** Minor units the points pay. */
  readonly discount: number;
  /** Cash to pay: goods − discount + shipping. */
  readonly cash: number;
}

/**
 * Quotes points + cash. Points buy whole blocks (`settings.points` points = `settings.minorUnits`
 * off); the discount is at most `floor(goods × maxSharePercent / 100)`, at most what the member's
 * `available` points buy, and at most `maxPoints` when given. Goods below `minOrder` are
 * rejected (`below_minimum_order`). Shipping is never discounted.
 *
 * @example
 * ```ts
 * import { quotePointsCash } from 'siyu/points';
 * const settings = { points: 1, minorUnits: 1, maxSharePercent: 50, minOrder: 0 };
 * quotePointsCash(settings, { goods: 8_000, shipping: 1_000 }, 10_000); // → { ok: true, points: 4_000, discount: 4_000, cash: 5_000 }
 * quotePointsCash({ ...settings, minOrder: 10_000 }, { goods: 8_000, shipping: 0 }, 10_000).ok; // → false
 * ```
 */
export function quotePointsCash(settings: PointsCashSettings, order: PointsCashOrder, available: number, maxPoints?: number): PointsCashQuote | Rejection<'below_minimum_order'> {
  for (const [name, value] of [['goods', order.goods], ['shipping', order.shipping], ['available', available]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw SiyuError.at([name], `must be a non-negative safe integer, received ${value}`);
  }
  if (order.goods < settings.minOrder) return reject('below_minimum_order', `goods ${order.goods} below the minimum order ${settings.minOrder}`);
  const maxDiscount = multiplyRatio(order.goods, settings.maxSharePercent, 100, 'floor');
  const cap = maxPoints === undefined ? available : Math.max(0, Math.min(available, maxPoints));
  const blocks = Math.max(0, Math.min(Math.floor(maxDiscount / settings.minorUnits), Math.floor(cap / settings.points)));
  const discount = blocks * settings.minorUnits;
  return { ok: true, points: blocks * settings.points, discount, cash: order.goods - discount + order.shipping };
}
