// The YNL spec engine: load a kernel netlink YAML spec, generate C and TypeScript from it,
// or drive a family from it at run time.
export * from './codec/index.js';
export * from './errors.js';
export { generateKernelGlue, type KernelGlue } from './gen-c-kernel.js';
export { generateUapiHeader } from './gen-c-uapi.js';
export { generateTypeScript } from './gen-ts.js';
export { loadSpecFile, parseSpec } from './load.js';
export { type MessageKind, type SpecMessage, specMessages } from './messages.js';
export type * from './model.js';
export { type RuntimeMessage, type RuntimeNotification, SpecFamily } from './runtime.js';
export * from './zod-scalars.js';
