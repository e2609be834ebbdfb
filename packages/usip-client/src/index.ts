export * from './errors.js';
export * from './live/live-mount-table.js';
export * from './live/table-state.js';
export type * from './model.js';
export { EventStream } from './util/event-stream.js';
