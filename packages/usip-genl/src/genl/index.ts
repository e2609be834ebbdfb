// Generic netlink for any family: headers, nlctrl, policies, family resolution.
export * from './attribute-path.js';
export * from './constants.js';
export * from './errors.js';
export * from './extack-path.js';
export * from './family.js';
export * from './genl-message.js';
export * from './header.js';
export * from './nlctrl-family.js';
export * from './nlctrl-policy.js';
export * from './nlctrl-requests.js';
export * from './policy-tree.js';
export * from './policy-types.js';
export * from './policy-validate.js';
