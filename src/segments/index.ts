/**
 * `siyu/segments`: not built yet; this entry point exists so the package shape is stable.
 *
 * @packageDocumentation
 * @module segments
 */
export {};
