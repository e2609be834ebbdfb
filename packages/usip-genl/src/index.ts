// Generic netlink for any family (src/genl).
export * from './genl/index.js';
// The USIP family bindings (src/usip) and the YNL spec engine (src/ynl).
export * from './usip/index.js';
export * from './ynl/index.js';
