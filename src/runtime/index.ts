// Public API of the HealthEvent store runtime (package exports "." and "./runtime").
export { HealthEventStore, type HealthEventStoreOptions, type InsertResult, type TargetEvent } from "./health-event-store.js";
export { ClientNodeApi, loadKubeConfig, toApiError } from "./client-node-api.js";
export { ApiError, isApiError, type KubeApi, type KubeObject, type ListOptions, type ListPage, type ResourceRef, type WatchEvent, type WatchOptions, type WatchStream } from "./kube-api.js";
export { StoreClient, type StoreClientOptions, type Verb } from "./store-client.js";
export { defaultRetryPolicy, withRetry, type RetryPolicy } from "./retry.js";
export { TokenBucket } from "./token-bucket.js";
export { labelKeys, annotationKeys, labelValueFor, stateOf, type EventState } from "./labels.js";
export { objectNameFor } from "./object-name.js";
export { dedupKeyOf } from "./dedup-window.js";
export { mutations, type StatusMutation, type StatusUpdateResult } from "./status-updates.js";
export { collect } from "./store-queries.js";
export { healthEventsRef, type StoreContext } from "./store-context.js";
export { InvalidHealthEventError, validateEvent, type EventProblem } from "./validate-event.js";
export { ConsumerWatch, type HealthEventChange, type WatchFilter, type ConsumerWatchOptions } from "./watch/consumer-watch.js";
export { changedFields, fieldChanged } from "./watch/changed-fields.js";
export { ConsumerResetError, positionObjectName } from "./watch/position-store.js";
export type { Position, PersistedPosition } from "./watch/position-tracker.js";
export { CleanupController, type CleanupPolicy, type SweepReport, type DeletedEvent, type DeletionReason } from "./cleanup/cleanup-controller.js";
