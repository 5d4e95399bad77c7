/**
 * Customer-lifetime-value models (BG/NBD, Gamma-Gamma) inside `siyu/segments`: not built yet.
 *
 * @module
 */
import { DEFAULT_TIME_ZONE } from '../../core/index.js';

/** Placeholder so the folder builds until the models land. */
export const CLV_DEFAULT_TIME_ZONE: string = DEFAULT_TIME_ZONE;
