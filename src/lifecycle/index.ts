/**
 * `siyu/lifecycle`: typed state machines as data (生命周期). States, events, transitions with
 * named guards, entry/exit effects as data, final states and deadlines stored in JSON snapshots;
 * a pure `transitionLifecycle`; time moved only by explicit ticks; replay of histories into
 * timelines, one subject or a whole event table at once; and three presets — customer
 * (潜客 → 新客 → 活跃 → 沉默 → 流失 → 召回), group (社群) and member lifecycles.
 *
 * @packageDocumentation
 * @module lifecycle
 */
export type {
  LifecycleAssignment,
  LifecycleDeadlineAnchor,
  LifecycleDeadlineDefinition,
  LifecycleDefinition,
  LifecycleEffectDefinition,
  LifecycleStateDefinition,
  LifecycleTransitionDefinition,
  LifecycleTransitionMap,
} from './definition.js';
export type {
  LifecycleCause,
  LifecycleCustomEffect,
  LifecycleEffect,
  LifecycleEnteredStateEffect,
  LifecycleExitedStateEffect,
} from './effect.js';
export {
  defineLifecycle,
  parseLifecycleDefinition,
  type LifecycleDefinitionInput,
  type LifecycleEventView,
  type LifecycleGuard,
  type LifecycleGuardInput,
  type LifecycleImplementations,
  type LifecycleMachine,
} from './machine.js';
export {
  nextLifecycleDeadline,
  parseLifecycleSnapshot,
  startLifecycle,
  type LifecycleCursor,
  type LifecyclePendingDeadline,
  type LifecycleSnapshot,
  type LifecycleStart,
  type StartLifecycleOptions,
} from './snapshot.js';
export {
  canTransition,
  transitionLifecycle,
  type LifecycleEventInput,
  type LifecycleInput,
  type LifecycleRejectionReason,
  type LifecycleTick,
  type LifecycleTransitionResult,
  type LifecycleTransitionSuccess,
} from './transition.js';
export {
  lifecycleEventOf,
  replayLifecycle,
  replayLifecycleActivities,
  type LifecycleActivityInput,
  type LifecycleReplay,
  type LifecycleReplayRejection,
  type LifecycleTimelineSegment,
  type ReplayLifecycleOptions,
} from './replay.js';
export { replayLifecycleTable, type LifecycleTimelineTable, type ReplayLifecycleTableOptions } from './tableReplay.js';
export {
  CUSTOMER_LIFECYCLE_STATES,
  CustomerLifecycleConfigSchema,
  GROUP_LIFECYCLE_STATES,
  GROUP_LIFETIME_CLASSES,
  GroupLifecycleConfigSchema,
  LifecycleDefinitionSchema,
  LifecycleSnapshotSchema,
  MEMBER_LIFECYCLE_STATES,
  MemberLifecycleConfigSchema,
} from './schema.js';
export {
  createCustomerLifecycle,
  parseCustomerLifecycleConfig,
  type CustomerLifecycleConfig,
  type CustomerLifecycleConfigInput,
  type CustomerLifecycleEvent,
  type CustomerLifecycleState,
} from './customer.js';
export {
  createGroupLifecycle,
  parseGroupLifecycleConfig,
  type GroupLifecycleConfig,
  type GroupLifecycleConfigInput,
  type GroupLifecycleEvent,
  type GroupLifecycleState,
  type GroupLifetimeClass,
} from './group.js';
export {
  createMemberLifecycle,
  parseMemberLifecycleConfig,
  type MemberLifecycleConfig,
  type MemberLifecycleConfigInput,
  type MemberLifecycleEvent,
  type MemberLifecycleState,
} from './member.js';
