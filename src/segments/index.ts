/**
 * `siyu/segments`: user layering (用户分层). Not built yet beyond the CLV placeholder.
 *
 * @packageDocumentation
 * @module segments
 */
export * from './clv/index.js';
