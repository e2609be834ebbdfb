// Generic netlink for any family (src/genl).
export * from './genl/index.js';
