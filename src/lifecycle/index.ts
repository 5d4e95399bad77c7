/**
 * `siyu/lifecycle`: not built yet; this entry point exists so the package shape is stable.
 *
 * @packageDocumentation
 * @module lifecycle
 */
export {};
