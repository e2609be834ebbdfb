// The USIP family: generated bindings (from kernel/usip.yaml) and notification decoding.
export * from './decode-notification.js';
export * from './generated/usip.js';
export * from './notification-error.js';
export * from './notification-types.js';
export * from './unknown-report.js';
