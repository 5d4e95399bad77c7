/**
 * `siyu`: private-domain community operations (私域社群运营) as data and pure functions.
 * Every module's public face, re-exported. Import a subpath (`siyu/points`) to load one module.
 *
 * @packageDocumentation
 * @module siyu
 */
export * from './core/index.js';
export * from './segments/index.js';
export * from './points/index.js';
export * from './tiers/index.js';
export * from './lifecycle/index.js';
export * from './sop/index.js';
export * from './funnel/index.js';
