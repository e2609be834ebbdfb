export * from './decode.js';
export * from './descriptor.js';
export * from './encode.js';
export * from './errors.js';
export * from './genl-message.js';
export * from './read-helpers.js';
export { decodeText } from './text-cache.js';
export type { UnknownAttr } from './unknown-attr.js';
