/**
 * `siyu/points`: not built yet; this entry point exists so the package shape is stable.
 *
 * @packageDocumentation
 * @module points
 */
export {};
